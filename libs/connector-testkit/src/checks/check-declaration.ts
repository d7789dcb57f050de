import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';

/** One check as a module declares it: the suite turns it into a test. */
export interface CheckDeclaration {
  /** Stable key, e.g. `webhook.stale-timestamp`: for running one check programmatically. */
  id: string;
  /** What it proves, as a sentence: the test's title. */
  title: string;
  run(scope: CheckScope): Promise<void>;
}

/** Declares the checks of one concern from the manifest and the options, before any setup runs. */
export type CheckDeclarer = (harness: ConformanceHarness) => CheckDeclaration[];

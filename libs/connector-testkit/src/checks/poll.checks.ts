import { isDeepStrictEqual } from 'node:util';
import { pollPages, type ConnectorInstance, type PollHooks } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import type { PollConformance } from '../conformance-options';
import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';
import type { CheckDeclarer } from './check-declaration';

const DEFAULT_MAX_PAGES = 100;

/** One poll run as the runtime would see it. */
interface PollRun {
  cursors: unknown[];
  events: CloudEvent[];
  /** Where the next run starts: the last page's cursor, or the start cursor if there was none. */
  end: unknown;
}

/**
 * Polling, when the manifest declares it: the cursor never goes backwards (within a run, across
 * runs, through a JSON checkpoint), a run from the same cursor yields the same event ids, and a
 * cursor past everything yields nothing.
 */
export const pollChecks: CheckDeclarer = (harness) => {
  if (!harness.manifest.poll) {
    return [
      {
        id: 'poll.none',
        title: 'poll: none declared (asserted: no manifest.poll and no poll hook)',
        async run() {
          ensure(
            !harness.connector.hooks.poll,
            'The connector has a poll hook but its manifest declares no poll',
          );
        },
      },
    ];
  }
  return [
    {
      id: 'poll.monotonic',
      title: 'poll: the cursor never goes backwards, across pages, runs and a JSON checkpoint',
      async run(scope) {
        const hooks = pollHooks(harness);
        const instance = scope.bind();
        const first = await runPoll(scope, instance, undefined);
        ensure(
          first.cursors.length > 0,
          'A poll run from no cursor yielded no page: yield at least one page with the cursor reached',
        );
        // The runtime checkpoints cursors as JSON and starts the next run from what it stored.
        const stored: unknown = JSON.parse(JSON.stringify(first.end ?? null));
        ensure(
          isDeepStrictEqual(stored, first.end) && hooks.compareCursors(stored, first.end) === 0,
          () =>
            `The cursor ${show(first.end)} does not survive a JSON checkpoint: use plain JSON values (ISO strings, not Dates)`,
        );
        const second = await runPoll(scope, instance, stored);
        for (const cursor of second.cursors)
          ensure(
            hooks.compareCursors(cursor, stored) >= 0,
            () =>
              `The second run went back from ${show(stored)} to ${show(cursor)}: it would re-read forever`,
          );
      },
    },
    {
      id: 'poll.repeatable',
      title: 'poll: a run from the same cursor is repeatable (same event ids)',
      async run(scope) {
        const instance = scope.bind();
        const one = await runPoll(scope, instance, undefined);
        ensure(
          one.events.length > 0,
          'A poll run from no cursor produced no events: give the vendor behind setup() data, so repeatability can be seen',
        );
        const two = await runPoll(scope, instance, undefined);
        const ids = (run: PollRun) => run.events.map((event) => event.id);
        ensure(
          isDeepStrictEqual(ids(one), ids(two)),
          () =>
            `Two runs from the same cursor produced different event ids (${show(ids(one), 200)} then ${show(ids(two), 200)}): ` +
            'set occurrenceKey (and time) from the vendor data so a repeated page is deduplicated',
        );
      },
    },
    {
      id: 'poll.far-future',
      title: 'poll: a far-future cursor yields no events',
      async run(scope) {
        const options = pollOptions(harness);
        const cursor =
          typeof options.farFutureCursor === 'function'
            ? (options.farFutureCursor as (setup: unknown) => unknown)(scope.setup)
            : options.farFutureCursor;
        const run = await runPoll(scope, scope.bind(), cursor);
        ensure(
          run.events.length === 0,
          () =>
            `A run from ${show(cursor)} produced ${run.events.length} event(s); the boundary is not applied`,
        );
      },
    },
  ];

  async function runPoll(
    scope: CheckScope,
    instance: ConnectorInstance<object>,
    cursor: unknown,
  ): Promise<PollRun> {
    const maxPages = harness.options.poll?.maxPages ?? DEFAULT_MAX_PAGES;
    const run: PollRun = { cursors: [], events: [], end: cursor };
    for await (const page of pollPages(instance, cursor)) {
      scope.record('event', `poll page ${run.cursors.length} from ${show(cursor, 80)}`, page.events);
      run.cursors.push(page.cursor);
      run.events.push(...page.events);
      run.end = page.cursor;
      ensure(run.cursors.length <= maxPages, `A poll run went past ${maxPages} pages: does it ever end?`);
    }
    return run;
  }
};

function pollHooks(harness: ConformanceHarness): PollHooks<object, unknown> {
  const hooks = harness.connector.hooks.poll;
  if (!hooks)
    throw new ConformanceFailure('The manifest declares polling but the connector has no poll hook');
  return hooks;
}

function pollOptions(harness: ConformanceHarness): PollConformance<unknown, unknown> {
  pollHooks(harness);
  const options = harness.options.poll;
  if (!options)
    throw new ConformanceFailure(
      'The connector polls: pass poll: { farFutureCursor } (a cursor later than anything the vendor holds)',
    );
  return options as PollConformance<unknown, unknown>;
}

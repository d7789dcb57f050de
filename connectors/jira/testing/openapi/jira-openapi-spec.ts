import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OpenApiContract } from './openapi-contract';
import type { OpenApiDocument } from './openapi-document';

// Atlassian's Jira Cloud platform REST API v3 spec is Atlassian's, not ours: it is read at test
// time from outside the repository and never copied into it.

/** The file name Atlassian's spec is kept under in shared/specs/jira/. */
export const JIRA_SPEC_FILE = 'jira-cloud-platform-v3.openapi.json';

/** Where to look, in order: `JIRA_OPENAPI_SPEC`, `<repo>/../shared/specs/jira/…`, `/work/shared/specs/jira/…`. */
export function jiraSpecCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const repoRoot = resolve(__dirname, '..', '..', '..', '..');
  return [
    ...(env.JIRA_OPENAPI_SPEC ? [resolve(env.JIRA_OPENAPI_SPEC)] : []),
    join(repoRoot, '..', 'shared', 'specs', 'jira', JIRA_SPEC_FILE),
    join('/work', 'shared', 'specs', 'jira', JIRA_SPEC_FILE),
  ];
}

/** True when a missing spec must fail the suite: in CI, or with `SWITCHBOARD_REQUIRE_SPECS=1`. */
export function specsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const truthy = (value: string | undefined) =>
    value !== undefined && value !== '' && value !== '0' && value !== 'false';
  return truthy(env.CI) || truthy(env.SWITCHBOARD_REQUIRE_SPECS);
}

/** The spec, found or not, and why. */
export type JiraSpecLookup =
  | { found: true; path: string; contract: OpenApiContract }
  | { found: false; tried: string[]; reason: string };

let cached: JiraSpecLookup | undefined;

/**
 * Finds, parses and compiles the spec (once per test module registry: Jest gives each suite
 * its own, so each suite pays ~50 ms for the parse and compiles only the operations it uses).
 * An explicitly configured `JIRA_OPENAPI_SPEC` that does not exist is an error, not a fallback.
 */
export function lookupJiraSpec(env: NodeJS.ProcessEnv = process.env): JiraSpecLookup {
  if (cached && env === process.env) return cached;
  const tried = jiraSpecCandidates(env);
  let result: JiraSpecLookup;
  if (env.JIRA_OPENAPI_SPEC && !existsSync(tried[0]!)) {
    result = {
      found: false,
      tried: [tried[0]!],
      reason: `JIRA_OPENAPI_SPEC points at ${tried[0]}, which does not exist`,
    };
  } else {
    const path = tried.find((candidate) => existsSync(candidate));
    if (!path) {
      result = {
        found: false,
        tried,
        reason: `Atlassian's Jira Cloud v3 OpenAPI spec was not found (tried ${tried.join(', ')})`,
      };
    } else {
      const document = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
      if (typeof document.openapi !== 'string' || typeof document.paths !== 'object')
        throw new Error(`${path} is not an OpenAPI document`);
      result = { found: true, path, contract: new OpenApiContract(document) };
    }
  }
  if (env === process.env) cached = result;
  return result;
}

/**
 * The spec's contract when there is one. Suites other than the contract suite validate every
 * request against it when present and run unvalidated when absent; the contract suite is the one
 * that says so, or fails in CI.
 */
export function optionalJiraContract(): OpenApiContract | undefined {
  const lookup = lookupJiraSpec();
  if (!lookup.found && specsRequired())
    throw new Error(`${lookup.reason}. CI requires it: see connectors/jira/README.md`);
  return lookup.found ? lookup.contract : undefined;
}

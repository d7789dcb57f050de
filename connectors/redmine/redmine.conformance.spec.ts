import { runConnectorConformance } from '@switchboard/connector-testkit';
import type { RedmineIssue } from './api/redmine-api.types';
import { startFakeRedmine } from './testing/fake-redmine';
import { redmineConformance } from './testing/redmine-conformance';
import { fixtureJson, SPEC_API_KEY } from './testing/redmine-fixtures';

// The kit against the fake Redmine, holding the captured issue with its journals.
// test/connectors/redmine/redmine.conformance.e2e-spec.ts runs it against the real Redmine.

runConnectorConformance(
  redmineConformance(async () => {
    const redmine = await startFakeRedmine({
      issues: [fixtureJson<{ issue: RedmineIssue }>('api/issue-with-journals.json').issue],
    });
    return {
      config: { baseUrl: redmine.url, project: 'itsm', markerFieldId: 1 },
      secrets: { apiKey: SPEC_API_KEY },
      countIssues: async () => redmine.issues.size,
      teardown: () => redmine.close(),
    };
  }),
);

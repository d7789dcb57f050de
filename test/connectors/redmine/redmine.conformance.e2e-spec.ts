import { runConnectorConformance } from '@switchboard/connector-testkit';
import { redmineConformance } from '../../../connectors/redmine/testing/redmine-conformance';
import { startRedmineTestServer } from '../../support/redmine-test-server';

// The conformance kit against the real Redmine (Debian's 5.0, seeded by test/env/redmine/seed.rb),
// as the non-admin integration user `hub`, holding one issue.

runConnectorConformance(
  redmineConformance(
    async () => {
      const redmine = await startRedmineTestServer();
      try {
        const created = await redmine.api('POST', '/issues.json', {
          issue: { project_id: redmine.projectIdentifier, subject: 'Conformance: an issue to poll' },
        });
        if (created.status !== 201)
          throw new Error(`could not create an issue: ${created.status} ${created.text}`);
        return {
          config: {
            baseUrl: redmine.url,
            project: redmine.projectIdentifier,
            markerFieldId: redmine.externalIdFieldId,
          },
          secrets: { apiKey: redmine.hubApiKey },
          countIssues: async () =>
            (
              await redmine.api<{ total_count: number }>(
                'GET',
                '/issues.json?status_id=*&limit=1',
                undefined,
                redmine.adminApiKey,
              )
            ).body!.total_count,
          teardown: () => redmine.stop(),
        };
      } catch (error) {
        await redmine.stop();
        throw error;
      }
    },
    // The first suite on a machine may build the Redmine template.
    { timeoutMs: 300_000 },
  ),
);

// Records what a real Redmine answers, into connectors/redmine/fixtures/api/. The fixtures the
// unit specs map are captured, never written by hand: re-run this after a Redmine upgrade and
// review the diff (the specs pin captured values such as ids, names and timestamps).
//
//   bash test/env/ensure-redmine.sh
//   node -r @swc-node/register test/connectors/redmine/capture-fixtures.ts
//
// The story: the hub creates an issue (Textile description, marker in External ID); an admin
// ("another user") changes its status, priority, assignee, subject, description and External ID
// with a note; the hub adds a public and a private note; the admin closes it. Also the lists the
// connector looks up, and Redmine's error answers (401, 404, 422, an HTML page with 200).
// `fixtures/api/testbed/` holds the testbed's own captures, copied.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REDMINE_TEST_SEED,
  startRedmineTestServer,
  type RedmineTestServer,
} from '../../support/redmine-test-server';

const FIXTURES = join(__dirname, '../../../connectors/redmine/fixtures/api');
const { statuses, priorities, trackers } = REDMINE_TEST_SEED;

async function main(): Promise<void> {
  const redmine = await startRedmineTestServer();
  const save = (name: string, value: unknown) => {
    mkdirSync(join(FIXTURES, name, '..'), { recursive: true });
    writeFileSync(
      join(FIXTURES, name),
      typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`,
    );
    console.log(`wrote fixtures/api/${name}`);
  };
  const ok = async <T>(method: string, path: string, body?: unknown, key?: string): Promise<T> => {
    const answer = await redmine.api<T>(method, path, body, key);
    if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status}: ${answer.text}`);
    return answer.body as T;
  };
  try {
    save('lookups/issue-statuses.json', await ok('GET', '/issue_statuses.json'));
    save('lookups/issue-priorities.json', await ok('GET', '/enumerations/issue_priorities.json'));
    save('lookups/trackers.json', await ok('GET', '/trackers.json'));
    save('lookups/users-current.json', redactKey(await ok('GET', '/users/current.json')));
    save('lookups/project.json', await ok('GET', '/projects/itsm.json'));
    save('lookups/memberships.json', await ok('GET', '/projects/itsm/memberships.json'));

    const created = await ok<{ issue: { id: number } }>('POST', '/issues.json', {
      issue: {
        project_id: 'itsm',
        tracker_id: trackers.bug,
        priority_id: priorities.high,
        subject: 'Disk / on db01 is 97% full',
        description:
          'h2. Impact\n\nThe *orders* database on @db01@ stops writing at 100%.\n\n* grow the volume\n* or purge _old_ WAL files\n\nRunbook: "disk full":https://runbooks.example.com/disk-full',
        custom_fields: [{ id: REDMINE_TEST_SEED.externalIdFieldId, value: 'sb-0123456789abcdef01234567' }],
      },
    });
    save('issue-created.json', created);
    const id = created.issue.id;
    await changeAsAdmin(redmine, id, {
      status_id: statuses.inProgress,
      priority_id: priorities.urgent,
      assigned_to_id: 5,
      subject: 'Disk / on db01 is 99% full',
      description: 'h2. Impact\n\nThe *orders* database on @db01@ stops writing at 100%: *now*.',
      custom_fields: [{ id: REDMINE_TEST_SEED.externalIdFieldId, value: 'INC-4711' }],
      notes: 'Taking this one. Growing the volume by **50 GB** now.',
    });
    await ok('PUT', `/issues/${id}.json`, { issue: { notes: 'Volume grown: _df_ shows 61% used.' } });
    await ok('PUT', `/issues/${id}.json`, {
      issue: { notes: 'Root cause: WAL archiving stopped on 2026-11-21.', private_notes: true },
    });
    await changeAsAdmin(redmine, id, { status_id: statuses.closed, assigned_to_id: '' });
    save('issue-with-journals.json', await ok('GET', `/issues/${id}.json?include=journals`));
    save(
      'issues-updated-since.json',
      await ok(
        'GET',
        '/issues.json?project_id=itsm&status_id=*&updated_on=%3E%3D2000-01-01T00:00:00Z&sort=updated_on,id&limit=100',
      ),
    );

    const failing = async (
      name: string,
      method: string,
      path: string,
      body?: unknown,
      key?: string | null,
    ) => {
      const answer = await redmine.api(method, path, body, key);
      save(`errors/${name}`, { status: answer.status, body: answer.text });
    };
    await failing('401-bad-key.json', 'GET', '/issues.json', undefined, 'f'.repeat(40));
    await failing('404-issue.json', 'GET', '/issues/999999.json');
    await failing('422-subject-blank.json', 'POST', '/issues.json', { issue: { project_id: 'itsm' } });
    await failing('422-assignee-invalid.json', 'PUT', `/issues/${id}.json`, {
      issue: { assigned_to_id: 999 },
    });
    const page = await fetch(`${redmine.url}/issues`, {
      headers: { 'X-Redmine-API-Key': redmine.hubApiKey },
    });
    save('errors/200-html-page.json', { status: page.status, body: (await page.text()).slice(0, 2_000) });
  } finally {
    await redmine.stop();
  }
}

async function changeAsAdmin(
  redmine: RedmineTestServer,
  id: number,
  issue: Record<string, unknown>,
): Promise<void> {
  const answer = await redmine.api('PUT', `/issues/${id}.json`, { issue }, redmine.adminApiKey);
  if (answer.status !== 204)
    throw new Error(`PUT /issues/${id}.json as admin → ${answer.status}: ${answer.text}`);
}

/** The API key Redmine returns with the current user must not land in a fixture. */
function redactKey(body: { user: Record<string, unknown> }): unknown {
  return { user: { ...body.user, api_key: '[REDACTED]' } };
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

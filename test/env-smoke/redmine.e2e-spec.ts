import {
  startRedmineTestServer,
  REDMINE_TEST_SEED,
  type RedmineTestServer,
} from '../support/redmine-test-server';

interface Issue {
  id: number;
  subject: string;
  project: { id: number; name: string };
  status: { id: number; name: string };
  author: { id: number; name: string };
  custom_fields: { id: number; name: string; value: string }[];
  journals?: { notes: string; user: { name: string } }[];
}

describe('Redmine test server (real Redmine + thin)', () => {
  let redmine: RedmineTestServer;

  // The first suite on a machine may build the template (~6-15 s), or wait for another suite that does.
  beforeAll(async () => {
    redmine = await startRedmineTestServer();
  }, 300_000);

  afterAll(async () => {
    await redmine?.stop();
  });

  it('creates an issue with the hub key and reads it back with its journal', async () => {
    const externalId = `am:smoke:${Date.now()}`;
    const created = await redmine.api<{ issue: Issue }>('POST', '/issues.json', {
      issue: {
        project_id: redmine.projectIdentifier,
        tracker_id: REDMINE_TEST_SEED.trackers.bug,
        subject: '[FIRING] DiskFull db01:9100',
        custom_fields: [{ id: redmine.externalIdFieldId, value: externalId }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body!.issue.id;
    expect(created.body!.issue).toMatchObject({
      subject: '[FIRING] DiskFull db01:9100',
      author: { name: 'Integration Hub' },
      custom_fields: [{ id: 1, name: 'External ID', value: externalId }],
    });

    const noted = await redmine.api('PUT', `/issues/${id}.json`, {
      issue: { notes: 'Alert still firing', status_id: REDMINE_TEST_SEED.statuses.inProgress },
    });
    expect(noted.status).toBe(204);

    const read = await redmine.api<{ issue: Issue }>('GET', `/issues/${id}.json?include=journals`);
    expect(read.status).toBe(200);
    expect(read.body!.issue).toMatchObject({
      id,
      status: { id: 2 },
      journals: [{ notes: 'Alert still firing' }],
    });

    const found = await redmine.api<{ issues: Issue[]; total_count: number }>(
      'GET',
      `/issues.json?project_id=itsm&status_id=*&cf_1=${encodeURIComponent(externalId)}`,
    );
    expect(found.body).toMatchObject({ total_count: 1, issues: [{ id }] });
  });

  it('answers 401 to a bad or missing key and 422 to an invalid issue', async () => {
    expect((await redmine.api('GET', '/issues.json', undefined, 'f'.repeat(40))).status).toBe(401);
    expect((await redmine.api('GET', '/issues.json', undefined, null)).status).toBe(401);
    const invalid = await redmine.api<{ errors: string[] }>('POST', '/issues.json', {
      issue: { project_id: 'itsm' },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body!.errors).toContain('Subject cannot be blank');
  });

  it('gives the admin key admin rights and the hub key none', async () => {
    const admin = await redmine.api<{ user: { login: string; admin: boolean } }>(
      'GET',
      '/users/current.json',
      undefined,
      redmine.adminApiKey,
    );
    expect(admin.body!.user).toMatchObject({ login: 'admin', admin: true });
    const hub = await redmine.api<{ user: { login: string; admin: boolean } }>('GET', '/users/current.json');
    expect(hub.body!.user).toMatchObject({ login: 'hub', admin: false });
    expect((await redmine.api('GET', '/users.json')).status).toBe(403);
  });
});

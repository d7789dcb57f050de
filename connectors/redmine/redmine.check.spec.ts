import { runCheck } from '@switchboard/connector-sdk';
import { startFakeRedmine, type FakeRedmine } from './testing/fake-redmine';
import { bindRedmine } from './testing/redmine-fixtures';

describe('check (test connection)', () => {
  let redmine: FakeRedmine;
  beforeAll(async () => {
    redmine = await startFakeRedmine();
  });
  afterEach(() => (redmine.impose = undefined));
  afterAll(() => redmine.close());
  const check = (options: { apiKey?: string; config?: Record<string, unknown> } = {}) =>
    runCheck(bindRedmine({ baseUrl: redmine.url, ...options }));

  it('passes with the user of the key, the project and a marker field that filters', async () => {
    expect(await check()).toEqual({
      ok: true,
      status: 'ok',
      detail: 'Signed in to Redmine as hub; project itsm and marker field 1 usable',
      remote: { user: 'hub', project: 'itsm' },
    });
  });

  it('fails as auth_failed for a refused key, misconfigured for an unknown project', async () => {
    expect(await check({ apiKey: 'wrong-key-000000' })).toMatchObject({ ok: false, status: 'auth_failed' });
    expect(await check({ config: { project: 'nope' } })).toMatchObject({
      ok: false,
      status: 'misconfigured',
      detail: expect.stringContaining(
        'Redmine project nope, as hub: GET /projects/nope.json failed with 404',
      ),
    });
  });

  it('fails as misconfigured when Redmine ignores a filter on the marker field', async () => {
    redmine.impose = (request) =>
      request.path === '/issues.json' ? { status: 200, body: { issues: [], total_count: 7 } } : undefined;
    expect(await check()).toMatchObject({
      ok: false,
      status: 'misconfigured',
      detail: expect.stringContaining('tick "Used as a filter"'),
    });
  });

  it('fails as unreachable when nothing answers', async () => {
    expect(await runCheck(bindRedmine({ baseUrl: 'http://127.0.0.1:9' }))).toMatchObject({
      ok: false,
      status: 'unreachable',
    });
  });
});

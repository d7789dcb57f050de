/**
 * KPIs over HTTP on every dialect we ship, from incidents as the orchestrator records them (written
 * directly here, with chosen times and counters, so every number can be worked out by hand).
 */
import { randomUUID } from 'node:crypto';
import { KpisModule } from '@switchboard/admin';
import { IncidentRecord } from '@switchboard/persistence';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';
import { AdminTestApp, testKeys } from './support/admin-test-app';

const targets: DatabaseTarget[] = databaseTargetsFor('admin KPIs');

const keys = testKeys({ viewer: 'viewer', other: ['viewer', 'tenant-b'] });

const FROM = '2020-11-01T00:00:00.000Z';
const TO = '2020-11-08T00:00:00.000Z';

interface Row {
  opened: string;
  /** Minutes from opening to resolving; undefined = still open. */
  resolvedAfterMin?: number;
  actions?: number;
  humanSteps?: number;
  escalated?: boolean;
  tenantId?: string;
}

/**
 * The week of 2020-11-01, worked out by hand (default false-positive window 15m):
 * 5 incidents opened in it, 4 resolved (60 + 10 + 120 + 20 min: MTTR 52.5 min = 3150 s),
 * 4 without a human step (coverage 0.8), 1 resolved by actions alone (0.25), 1 escalated,
 * 1 resolved within 15 min with no action (0.25; with a 30 min window, 2: 0.5).
 */
const WEEK: Row[] = [
  { opened: FROM, resolvedAfterMin: 60, actions: 2 }, // remediated, no person: autonomous
  { opened: '2020-11-02T00:00:00.000Z', resolvedAfterMin: 10 }, // nothing done, gone in 10 min: false positive
  { opened: '2020-11-03T00:00:00.000Z', resolvedAfterMin: 120, actions: 1, humanSteps: 1, escalated: true },
  { opened: '2020-11-04T00:00:00.000Z', actions: 1 }, // still open
  { opened: '2020-11-05T00:00:00.000Z', resolvedAfterMin: 20 }, // a false positive only with a 30 min window
  // Outside the period, or another tenant's: never counted.
  { opened: '2020-10-31T23:59:59.999Z', resolvedAfterMin: 1 },
  { opened: TO, resolvedAfterMin: 1 },
  { opened: '2020-11-03T00:00:00.000Z', resolvedAfterMin: 1, tenantId: 'tenant-b' },
];

describe.each(targets)('KPIs on $dialect', (target) => {
  const api = new AdminTestApp({ imports: [KpisModule], keys });
  const { http, as } = api;
  const kpis = (query: string, who: keyof typeof keys = 'viewer') =>
    http().get(`/api/v1/kpis${query}`).set(as(who));

  const insert = (rows: Row[]) =>
    api.dataSource.getRepository(IncidentRecord).insert(
      rows.map((row) => {
        const openedAt = new Date(row.opened);
        const resolvedAt =
          row.resolvedAfterMin === undefined
            ? null
            : new Date(openedAt.getTime() + row.resolvedAfterMin * 60_000);
        const dedupKey = randomUUID();
        return {
          id: randomUUID(),
          tenantId: row.tenantId ?? 'tenant-a',
          dedupKey,
          episodeId: dedupKey,
          status: resolvedAt ? ('resolved' as const) : ('open' as const),
          severity: 'high',
          title: 'Disk almost full',
          occurrences: 1,
          ticket: null,
          humanSteps: row.humanSteps ?? 0,
          actions: row.actions ?? 0,
          escalated: row.escalated ?? false,
          openedAt,
          resolvedAt,
          updatedAt: resolvedAt ?? openedAt,
        };
      }),
    );

  beforeEach(async () => {
    await api.start(target);
    await insert(WEEK);
  });
  afterEach(() => api.stop());
  afterAll(() => target.cleanup());

  it('computes MTTR, coverage, autonomous remediation, escalations and false positives over [from, to)', async () => {
    const res = await kpis(`?from=${FROM}&to=${TO}`).expect(200);
    expect(res.body).toEqual({
      from: FROM,
      to: TO,
      falsePositiveWindow: '15m',
      incidents: 5,
      resolved: 4,
      mttrSeconds: 3150,
      automated: 4,
      automationCoverage: 0.8,
      autonomouslyRemediated: 1,
      autonomousRemediationRate: 0.25,
      escalations: 1,
      falsePositives: 1,
      falsePositiveRate: 0.25,
    });
    const wider = await kpis(`?from=${FROM}&to=${TO}&falsePositiveWindow=30m`).expect(200);
    expect(wider.body).toMatchObject({
      falsePositiveWindow: '30m',
      falsePositives: 2,
      falsePositiveRate: 0.5,
    });
    // The other tenant sees only its own incident.
    expect((await kpis(`?from=${FROM}&to=${TO}`, 'other').expect(200)).body).toMatchObject({
      incidents: 1,
      resolved: 1,
      falsePositives: 1,
    });
  });

  it('answers nulls, not zeros, for rates of nothing, and defaults to the last 7 days', async () => {
    const empty = await kpis('?from=2021-01-01T00:00:00Z&to=2021-01-02T00:00:00Z').expect(200);
    expect(empty.body).toMatchObject({
      incidents: 0,
      resolved: 0,
      mttrSeconds: null,
      automationCoverage: null,
      autonomousRemediationRate: null,
      falsePositiveRate: null,
      escalations: 0,
    });
    // Open only: coverage is known, resolution rates are not.
    await insert([{ opened: new Date(Date.now() - 86_400_000).toISOString(), humanSteps: 1 }]);
    const recent = await kpis('').expect(200);
    expect(recent.body).toMatchObject({
      incidents: 1,
      resolved: 0,
      mttrSeconds: null,
      automationCoverage: 0,
      autonomousRemediationRate: null,
    });
    expect(Date.parse(recent.body.to) - Date.parse(recent.body.from)).toBe(7 * 86_400_000);
  });

  it('refuses bad input with a 400 naming the parameter', async () => {
    const problem = async (query: string) => (await kpis(query).expect(400)).body.errors[0].path as string;
    expect(await problem(`?from=${FROM}`)).toBe('to');
    expect(await problem(`?to=${TO}`)).toBe('from');
    expect(await problem(`?from=last-week&to=${TO}`)).toBe('from');
    expect(await problem(`?from=${TO}&to=${FROM}`)).toBe('to');
    expect(await problem(`?from=${FROM}&to=${FROM}`)).toBe('to');
    expect(await problem('?falsePositiveWindow=soon')).toBe('falsePositiveWindow');
    expect(await problem('?colour=blue')).toBe('colour');
    await http().get('/api/v1/kpis').expect(401);
  });
});

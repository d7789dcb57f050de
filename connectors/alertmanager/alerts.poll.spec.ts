import {
  ErrorCode,
  MemoryStateStore,
  pollPages,
  processWebhook,
  type PolledPage,
} from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import { alertmanagerPoll, type AlertsCursor } from './alerts.poll';
import type { AlertmanagerConfig } from './alertmanager.config';
import type { GettableAlert } from './api-types';
import { bindAlertmanager, fixtureBytes, fixtureJson, webhookRequest } from './testing/alertmanager-fixtures';
import { startFakeAlertmanagerApi, type FakeAlertmanagerApi } from './testing/fake-alertmanager-api';

// fixtures/api/alerts-active.json was captured from the same Alertmanager, right after it sent
// fixtures/webhooks/filesystem-group-firing.json: the same three alerts, seen through the API.
const active = (): GettableAlert[] => fixtureJson<GettableAlert[]>('api/alerts-active.json');
const UPDATED_AT = '2026-12-01T13:52:10.967Z';

describe('Alertmanager poll (GET /api/v2/alerts)', () => {
  let api: FakeAlertmanagerApi;
  let alerts: GettableAlert[];

  beforeAll(async () => {
    api = await startFakeAlertmanagerApi({ 'GET /api/v2/alerts': () => ({ body: alerts }) });
  });
  beforeEach(() => {
    alerts = active();
    api.forget();
  });
  afterAll(() => api.close());

  const poll = async (cursor: AlertsCursor | undefined, state = new MemoryStateStore(), config = {}) => {
    const instance = bindAlertmanager({ config: { baseUrl: api.url, ...config }, state });
    const pages: PolledPage<AlertsCursor>[] = [];
    for await (const page of pollPages<AlertmanagerConfig, AlertsCursor>(instance, cursor)) pages.push(page);
    return pages;
  };
  const eventsOf = (pages: PolledPage<AlertsCursor>[]) =>
    pages.flatMap((p) => p.events) as CloudEvent<AlertData>[];

  it('asks for the alerts Alertmanager would notify, routed to the configured receiver', async () => {
    await poll(undefined, undefined, { pollReceiver: 'switchboard-webhook' });
    expect(Object.fromEntries(api.requests[0]!.query)).toEqual({
      active: 'true',
      silenced: 'false',
      inhibited: 'false',
      unprocessed: 'true',
      receiver: 'switchboard-webhook',
    });
  });

  it('emits the events the webhook emitted, with the same ids, marked as reconciliation', async () => {
    const state = new MemoryStateStore();
    const webhook = await processWebhook(
      bindAlertmanager({ config: { baseUrl: api.url }, state }),
      webhookRequest(fixtureBytes('webhooks/filesystem-group-firing.json')),
    );
    if (!webhook.ok) throw new Error('webhook refused');
    const polled = eventsOf(await poll(undefined, state));
    const bySubject = (events: CloudEvent[]) => new Map(events.map((e) => [e.subject, e]));
    const pushed = bySubject(webhook.events);
    expect(polled).toHaveLength(3);
    for (const event of polled) {
      const twin = pushed.get(event.subject)!;
      expect(event.id).toBe(twin.id);
      expect(event).toMatchObject({
        type: twin.type,
        time: twin.time,
        correlationid: twin.correlationid,
        syncmode: 'reconcile',
      });
      expect(event.data).toMatchObject({
        title: (twin.data as AlertData).title,
        severity: (twin.data as AlertData).severity,
      });
    }
  });

  it('links to baseUrl when no externalUrl is configured', async () => {
    const [event] = eventsOf(await poll(undefined));
    expect(event!.data.externalRefs![0]!.url).toMatch(new RegExp(`^${api.url}/#/alerts\\?filter=`));
  });

  it('moves the cursor to the highest updatedAt, inclusive: the same cursor repeats the same events', async () => {
    const first = await poll(undefined);
    expect(first.map((p) => p.cursor)).toEqual([{ updatedAt: UPDATED_AT }]);
    const again = await poll(first[0]!.cursor);
    expect(eventsOf(again).map((e) => e.id)).toEqual(eventsOf(first).map((e) => e.id));
    expect(again[0]!.cursor).toEqual(first[0]!.cursor);
  });

  it('emits only alerts updated at or after the cursor', async () => {
    alerts[0]!.updatedAt = '2026-12-01T14:00:00.000Z';
    const pages = await poll({ updatedAt: '2026-12-01T13:59:59.999Z' });
    expect(eventsOf(pages).map((e) => e.subject)).toEqual([alerts[0]!.fingerprint]);
    expect(pages.at(-1)!.cursor).toEqual({ updatedAt: '2026-12-01T14:00:00.000Z' });
  });

  it('yields nothing for a far-future cursor and keeps it', async () => {
    const far = { updatedAt: '2999-01-01T00:00:00.000Z' };
    expect(await poll(far)).toEqual([{ events: [], cursor: far }]);
  });

  it('starts from the beginning of time when the first run finds nothing', async () => {
    alerts = [];
    expect(await poll(undefined)).toEqual([
      { events: [], cursor: { updatedAt: '1970-01-01T00:00:00.000Z' } },
    ]);
  });

  it('pages by updatedAt, each page checkpointing a cursor that never goes back', async () => {
    const template = active()[0]!;
    alerts = Array.from({ length: 450 }, (_, i) => ({
      ...template,
      fingerprint: `f${String(i).padStart(15, '0')}`,
      // Out of order on purpose; pairs share an updatedAt (one POST stamps all its alerts alike).
      updatedAt: new Date(Date.parse(UPDATED_AT) + (449 - i - ((449 - i) % 2)) * 1000).toISOString(),
    }));
    const pages = await poll(undefined);
    expect(pages.map((p) => p.events.length)).toEqual([200, 200, 50]);
    const times = pages.map((p) => Date.parse(p.cursor.updatedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(eventsOf(pages).map((e) => e.subject)).size).toBe(450);
    // A crash after page 1: the rerun from its cursor re-reads its boundary alerts, then the rest.
    const rerun = await poll(pages[0]!.cursor);
    expect(eventsOf(rerun).length).toBeGreaterThanOrEqual(250);
  });

  it('compares cursors by time and refuses a corrupt one', async () => {
    const { compareCursors } = alertmanagerPoll;
    expect(
      compareCursors({ updatedAt: '2026-01-01T00:00:00Z' }, { updatedAt: '2026-01-01T00:00:01Z' }),
    ).toBeLessThan(0);
    await expect(poll({ updatedAt: 'yesterday' })).rejects.toMatchObject({ code: ErrorCode.Permanent });
  });

  it('fails permanently when baseUrl answers something that is not an alert list', async () => {
    api.routes = { 'GET /api/v2/alerts': () => ({ body: '<html>Grafana</html>' }) };
    try {
      await expect(poll(undefined)).rejects.toMatchObject({ code: ErrorCode.Permanent });
      api.routes = { 'GET /api/v2/alerts': () => ({ body: [{ labels: {} }] }) };
      await expect(poll(undefined)).rejects.toThrow(/index 0/);
    } finally {
      api.routes = { 'GET /api/v2/alerts': () => ({ body: alerts }) };
    }
  });
});

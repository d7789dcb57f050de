import {
  SwitchboardError,
  type ConnectorContext,
  type PollHooks,
  type PollPage,
} from '@switchboard/connector-sdk';
import { alertEvent, normalizeTimestamp } from './alert-mapper';
import type { AlertmanagerConfig } from './alertmanager.config';
import type { GettableAlert } from './api-types';

/**
 * Where the next poll starts: the highest `updatedAt` seen (when Alertmanager last received an
 * alert from its sender), inclusive. JSON, as the runtime stores it.
 */
export interface AlertsCursor {
  updatedAt: string;
}

/** The cursor of a first run that found nothing: before any alert. */
export const INITIAL_CURSOR: AlertsCursor = Object.freeze({ updatedAt: new Date(0).toISOString() });

/** Events per page: the runtime checkpoints the cursor after each. */
export const POLL_PAGE_SIZE = 200;

/**
 * Reconciliation after a hub outage: the alerts Alertmanager would notify (active, not silenced or
 * inhibited; unprocessed ones too, which are just not evaluated yet) updated at or after the
 * cursor, mapped exactly as the webhook maps them, so a poll after a delivered webhook repeats
 * its event ids and nothing is doubled. Resolved alerts are not in the API: see the README.
 */
export const alertmanagerPoll: PollHooks<AlertmanagerConfig, AlertsCursor> = {
  async *run(ctx, cursor): AsyncGenerator<PollPage<AlertsCursor>> {
    const since = cursor === undefined ? undefined : cursorTime(cursor);
    const { data } = await ctx.http.get<unknown>('/api/v2/alerts', {
      query: {
        active: true,
        silenced: false,
        inhibited: false,
        unprocessed: true,
        receiver: ctx.config.pollReceiver,
      },
      signal: ctx.signal,
    });
    const alerts = checkAlertList(data)
      .filter((alert) => since === undefined || Date.parse(alert.updatedAt) >= since)
      .sort(
        (a, b) =>
          Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.fingerprint.localeCompare(b.fingerprint),
      );

    let last = cursor ?? INITIAL_CURSOR;
    if (alerts.length === 0) {
      yield { events: [], cursor: last };
      return;
    }
    for (let start = 0; start < alerts.length; start += POLL_PAGE_SIZE) {
      const page = alerts.slice(start, start + POLL_PAGE_SIZE);
      const events = [];
      for (const alert of page) events.push(pollEvent(ctx, alert));
      const reached = { updatedAt: normalizeTimestamp(page[page.length - 1]!.updatedAt) };
      last = Date.parse(reached.updatedAt) > Date.parse(last.updatedAt) ? reached : last;
      yield { events, cursor: last };
    }
  },
  compareCursors: (a, b) => cursorTime(a) - cursorTime(b),
};

function pollEvent(ctx: ConnectorContext<AlertmanagerConfig>, alert: GettableAlert) {
  const observed = {
    fingerprint: alert.fingerprint,
    status: 'firing' as const,
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    startsAt: alert.startsAt,
    ...(alert.generatorURL && { generatorURL: alert.generatorURL }),
  };
  return alertEvent(observed, {
    config: ctx.config,
    instanceId: ctx.instanceId,
    externalUrl: ctx.config.externalUrl ?? ctx.config.baseUrl,
    syncmode: 'reconcile',
  });
}

function cursorTime(cursor: AlertsCursor): number {
  const time = typeof cursor?.updatedAt === 'string' ? Date.parse(cursor.updatedAt) : NaN;
  if (Number.isNaN(time))
    throw SwitchboardError.permanent(`Not an Alertmanager poll cursor: ${JSON.stringify(cursor)}`);
  return time;
}

/** The list as Alertmanager sends it, or `permanent`: a baseUrl pointing elsewhere answers 200 too. */
function checkAlertList(data: unknown): GettableAlert[] {
  const valid = (alert: unknown): alert is GettableAlert => {
    const a = alert as Partial<GettableAlert> | null;
    return (
      typeof a === 'object' &&
      a !== null &&
      typeof a.fingerprint === 'string' &&
      typeof a.labels === 'object' &&
      a.labels !== null &&
      typeof a.startsAt === 'string' &&
      !Number.isNaN(Date.parse(a.startsAt)) &&
      typeof a.updatedAt === 'string' &&
      !Number.isNaN(Date.parse(a.updatedAt))
    );
  };
  if (!Array.isArray(data))
    throw SwitchboardError.permanent('GET /api/v2/alerts did not answer a list of alerts');
  const bad = data.findIndex((alert) => !valid(alert));
  if (bad >= 0)
    throw SwitchboardError.permanent(
      `GET /api/v2/alerts answered an item that is not an alert (index ${bad}: fingerprint, labels, startsAt and updatedAt are required)`,
    );
  return data;
}

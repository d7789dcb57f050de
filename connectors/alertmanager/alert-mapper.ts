import type { ConnectorEvent } from '@switchboard/connector-sdk';
import {
  EventType,
  URI_PATTERN,
  type AlertData,
  type Link,
  type ResourceRef,
  type SyncMode,
} from '@switchboard/events';
import type { AlertmanagerConfig } from './alertmanager.config';
import { effectiveSeverityMap, severityOf } from './severity-map';

/**
 * Keys the canonical labels/annotations maps accept. Alertmanager 0.28+ allows any UTF-8 label
 * name; such keys are left out of the maps (the description still lists every label) rather than
 * failing the whole notification.
 */
const CANONICAL_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

/** Connector type id: event sources read `/connectors/alertmanager/<instanceId>`. */
export const ALERTMANAGER_ID = 'alertmanager';

/**
 * An alert as the connector sees it, whichever way it came: a webhook notification or the
 * `GET /api/v2/alerts` list. Both paths map through {@link alertEvent}, so they agree on every id.
 */
export interface ObservedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** As sent: nanoseconds in webhooks, milliseconds in the API. */
  startsAt: string;
  /** Only for a resolved alert. */
  endsAt?: string;
  generatorURL?: string;
}

/** What the mapping needs besides the alert. */
export interface MappingContext {
  config: AlertmanagerConfig;
  instanceId: string;
  /** Alertmanager's UI root for links (config `externalUrl`, else what the source said). */
  externalUrl?: string;
  syncmode?: SyncMode;
}

/**
 * Milliseconds precision in UTC: webhooks carry nanoseconds, the API milliseconds (both truncate),
 * and the episode id and event ids must come out the same from both.
 */
export function normalizeTimestamp(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

/**
 * The firing episode an alert belongs to: its fingerprint and when it started. Alertmanager keeps
 * `startsAt` while an alert keeps firing (merging re-sent alerts) and gives it a new one when it
 * fires again after being resolved, so a new startsAt is a new episode.
 */
export function episodeIdOf(alert: Pick<ObservedAlert, 'fingerprint' | 'startsAt'>): string {
  return `${alert.fingerprint}@${normalizeTimestamp(alert.startsAt)}`;
}

/**
 * The canonical event of one alert: `triggered` while firing (event time = startsAt), `resolved`
 * once resolved (event time = endsAt). The occurrence key is the episode and the state, so the
 * same alert state delivered twice (a retried webhook, a poll after a webhook) gets one event id.
 */
export function alertEvent(alert: ObservedAlert, context: MappingContext): ConnectorEvent<AlertData> {
  const endsAt = alert.status === 'resolved' && alert.endsAt ? normalizeTimestamp(alert.endsAt) : undefined;
  const resolved = endsAt !== undefined;
  const episodeId = episodeIdOf(alert);
  const startsAt = normalizeTimestamp(alert.startsAt);
  return {
    type: resolved ? EventType.AlertResolved : EventType.AlertTriggered,
    subject: alert.fingerprint,
    time: endsAt ?? startsAt,
    occurrenceKey: `${episodeId}/${resolved ? 'resolved' : 'firing'}`,
    dedupkey: alert.fingerprint,
    correlationid: episodeId,
    ...(context.syncmode && { syncmode: context.syncmode }),
    data: alertData(alert, { ...context, episodeId, startsAt, endsAt }),
  };
}

function alertData(
  alert: ObservedAlert,
  context: MappingContext & { episodeId: string; startsAt: string; endsAt?: string },
): AlertData {
  const { config } = context;
  const { severity, native } = severityOf(alert.labels, {
    severityLabel: config.severityLabel,
    map: effectiveSeverityMap(config.severityMap),
    defaultSeverity: config.defaultSeverity,
  });
  const alertname = alert.labels.alertname;
  const resource = resourceOf(alert.labels, config);
  const annotations = canonicalMap(alert.annotations);
  const ui =
    context.externalUrl === undefined ? undefined : alertmanagerUi(context.externalUrl, alert.labels);
  const alertUrl = ui?.alert;
  const links = linksOf(alert, ui);
  return {
    dedupKey: alert.fingerprint,
    episodeId: context.episodeId,
    status: context.endsAt ? 'resolved' : 'triggered',
    severity,
    ...(native !== undefined && { nativeSeverity: native }),
    title: titleOf(alert),
    description: descriptionOf(alert),
    source: alertname ? `${ALERTMANAGER_ID}:${alertname}` : ALERTMANAGER_ID,
    ...(resource && { resource }),
    labels: canonicalMap(alert.labels),
    ...(Object.keys(annotations).length > 0 && { annotations }),
    startsAt: context.startsAt,
    ...(context.endsAt && { endsAt: context.endsAt }),
    ...(links.length > 0 && { links }),
    externalRefs: [
      {
        system: ALERTMANAGER_ID,
        instanceId: context.instanceId,
        id: alert.fingerprint,
        ...(alertUrl && { url: alertUrl }),
      },
    ],
  };
}

function canonicalMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([key]) => CANONICAL_KEY.test(key)));
}

/** `summary`, else "<alertname> on <instance>", else whatever identifies it. */
function titleOf(alert: ObservedAlert): string {
  const summary = alert.annotations.summary?.trim();
  if (summary) return summary;
  const { alertname, instance } = alert.labels;
  if (alertname && instance) return `${alertname} on ${instance}`;
  return alertname || `Alert ${alert.fingerprint}`;
}

/**
 * The `description` annotation (already markdown in most rule sets; older ones say `message`),
 * followed by the labels: tickets and chat messages made from the alert show them to people who
 * never open the labels map.
 */
function descriptionOf(alert: ObservedAlert): string {
  const text = (alert.annotations.description ?? alert.annotations.message)?.trim();
  const labels = Object.keys(alert.labels)
    .sort()
    .map((name) => `- ${codeSpan(name)}: ${codeSpan(alert.labels[name]!)}`);
  return [...(text ? [text, ''] : []), '**Labels**', '', ...labels].join('\n');
}

/** Host from the first present host label, service from the first present service label. */
function resourceOf(
  labels: Readonly<Record<string, string>>,
  config: AlertmanagerConfig,
): ResourceRef | undefined {
  const first = (names: readonly string[]) =>
    names.map((name) => labels[name]?.trim()).find((value) => value);
  const rawHost = first(config.hostLabels);
  const host = rawHost && (config.hostWithoutPort ? hostOf(rawHost) : rawHost);
  const service = first(config.serviceLabels);
  if (!host && !service) return undefined;
  return { ...(host && { host }), ...(service && { service }) };
}

/** `db01:9100` → `db01`, `[::1]:9100` → `::1`, `https://shop.example.com/health` (blackbox) → `shop.example.com`. */
export function hostOf(instance: string): string {
  if (instance.includes('://')) {
    try {
      return new URL(instance).hostname.replace(/^\[|\]$/g, '') || instance;
    } catch {
      return instance;
    }
  }
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed) return bracketed[1]!;
  const withPort = /^([^:]+):\d+$/.exec(instance);
  return withPort ? withPort[1]! : instance;
}

function linksOf(alert: ObservedAlert, ui: AlertmanagerUi | undefined): Link[] {
  const links: Link[] = [];
  const add = (href: string | undefined, title: string, kind: string) => {
    if (href && URI_PATTERN.test(href)) links.push({ href, title, kind });
  };
  add(alert.generatorURL, 'Source expression', 'graph');
  add(alert.annotations.runbook_url, 'Runbook', 'runbook');
  add(alert.annotations.dashboard_url, 'Dashboard', 'dashboard');
  if (ui) {
    add(ui.alert, 'Alert in Alertmanager', 'alertmanager');
    add(ui.silence, 'Silence in Alertmanager', 'silence');
  }
  return links;
}

interface AlertmanagerUi {
  alert: string;
  silence: string;
}

/** Alertmanager's UI pages for this alert: filtered to exactly its label set. */
function alertmanagerUi(externalUrl: string, labels: Readonly<Record<string, string>>): AlertmanagerUi {
  const matchers = Object.keys(labels)
    .sort()
    .map((name) => `${name}="${labels[name]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  const root = externalUrl.replace(/\/+$/, '');
  const filter = encodeURIComponent(`{${matchers}}`);
  return { alert: `${root}/#/alerts?filter=${filter}`, silence: `${root}/#/silences/new?filter=${filter}` };
}

/** Inline code that survives backticks in the text (a fence one longer than any run inside). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

import { SwitchboardError, type FieldError } from '@switchboard/connector-sdk';
import { RFC3339_PATTERN } from '@switchboard/events';

/** One alert of an Alertmanager webhook notification (payload version 4). */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339 with nanoseconds, e.g. `2026-11-22T04:54:27.317251583Z`. */
  startsAt: string;
  /** `0001-01-01T00:00:00Z` while firing. */
  endsAt?: string;
  /** Empty when the sender gave none. */
  generatorURL?: string;
  /** Hash of the label set: the alert's identity across notifications. */
  fingerprint: string;
}

/**
 * The body Alertmanager POSTs to a `webhook_configs` receiver. Only the fields the connector
 * reads are typed; the group fields (`groupLabels`, `commonLabels`, …) are derivable from the alerts.
 */
export interface WebhookPayload {
  version: '4';
  status?: 'firing' | 'resolved';
  receiver?: string;
  groupKey?: string;
  /** Alertmanager's `--web.external-url`. */
  externalURL?: string;
  /** Alerts dropped because the receiver's `max_alerts` was exceeded. */
  truncatedAlerts?: number;
  alerts: WebhookAlert[];
}

const STATUSES = ['firing', 'resolved'];

/**
 * The body as a {@link WebhookPayload}, or a `validation` error listing every problem with a
 * path (`body.alerts[1].fingerprint: must be a non-empty string`): the ingress answers it with
 * 422 and publishes nothing. Unknown fields are allowed: Alertmanager adds fields within v4.
 */
export function parseWebhookPayload(body: unknown): WebhookPayload {
  const errors: FieldError[] = [];
  const problem = (path: string, message: string) => errors.push({ path, message });
  if (!isObject(body)) {
    problem('body', 'must be a JSON object');
  } else {
    if (body.version !== '4')
      problem('body.version', 'must be "4" (the only webhook payload version Alertmanager sends)');
    if (body.externalURL !== undefined && typeof body.externalURL !== 'string')
      problem('body.externalURL', 'must be a string');
    if (!Array.isArray(body.alerts)) problem('body.alerts', 'must be an array');
    else body.alerts.forEach((alert, i) => checkAlert(alert, `body.alerts[${i}]`, problem));
  }
  if (errors.length > 0)
    throw SwitchboardError.validation(
      `Not an Alertmanager webhook payload: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  return body as unknown as WebhookPayload;
}

function checkAlert(alert: unknown, path: string, problem: (path: string, message: string) => void): void {
  if (!isObject(alert)) return problem(path, 'must be an object');
  if (!STATUSES.includes(alert.status as string)) problem(`${path}.status`, 'must be "firing" or "resolved"');
  checkStringMap(alert.labels, `${path}.labels`, problem, true);
  if (alert.annotations !== undefined)
    checkStringMap(alert.annotations, `${path}.annotations`, problem, false);
  if (typeof alert.fingerprint !== 'string' || alert.fingerprint === '')
    problem(`${path}.fingerprint`, 'must be a non-empty string');
  if (!isTimestamp(alert.startsAt)) problem(`${path}.startsAt`, 'must be an RFC 3339 timestamp');
  if (alert.status === 'resolved' && !(isTimestamp(alert.endsAt) && !isZeroTime(alert.endsAt)))
    problem(`${path}.endsAt`, 'must be an RFC 3339 timestamp: the alert is resolved');
  else if (alert.endsAt !== undefined && !isTimestamp(alert.endsAt))
    problem(`${path}.endsAt`, 'must be an RFC 3339 timestamp');
  if (alert.generatorURL !== undefined && typeof alert.generatorURL !== 'string')
    problem(`${path}.generatorURL`, 'must be a string');
}

function checkStringMap(
  value: unknown,
  path: string,
  problem: (path: string, message: string) => void,
  nonEmpty: boolean,
): void {
  if (!isObject(value)) return problem(path, 'must be an object of strings');
  const entries = Object.entries(value);
  if (nonEmpty && entries.length === 0) problem(path, 'must not be empty');
  for (const [key, item] of entries)
    if (typeof item !== 'string') problem(memberPath(path, key), 'must be a string');
}

/** `labels` + `job` → `labels.job`; names that are not identifiers are quoted: `labels["a-b"]`. */
function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Go's zero time, which Alertmanager writes as the end of a firing alert. */
export function isZeroTime(value: string): boolean {
  return new Date(value).getUTCFullYear() <= 1;
}

/** RFC 3339 and a real instant (Alertmanager's zero time `0001-01-01T00:00:00Z` is one too). */
function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && RFC3339_PATTERN.test(value) && !Number.isNaN(Date.parse(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { ALERT_SEVERITIES, type AlertSeverity } from '@switchboard/events';

/**
 * Native severity → canonical severity for the values Prometheus rule sets use in practice: the
 * `critical`/`warning`/`info`/`none` of the Prometheus Operator and kube-prometheus mixins,
 * `error` and `page` from SRE rule books, and the P-levels some teams label with. Instance
 * config entries are merged over it (theirs win); keys are compared case-insensitively.
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, AlertSeverity>> = Object.freeze({
  critical: 'critical',
  page: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  p1: 'critical',
  error: 'high',
  high: 'high',
  major: 'high',
  p2: 'high',
  warning: 'medium',
  warn: 'medium',
  medium: 'medium',
  p3: 'medium',
  minor: 'low',
  low: 'low',
  p4: 'low',
  info: 'info',
  informational: 'info',
  notice: 'info',
  none: 'info',
  debug: 'info',
  p5: 'info',
});

const DEFAULT_TABLE: ReadonlyMap<string, AlertSeverity> = new Map(Object.entries(DEFAULT_SEVERITY_MAP));
// Built once per config object (an instance's config is immutable until it is reloaded).
const tables = new WeakMap<object, ReadonlyMap<string, AlertSeverity>>();

/** The lookup table of an instance: the defaults with its own entries on top, keys lower-cased. */
export function effectiveSeverityMap(
  overrides: Readonly<Record<string, string>> | undefined,
): ReadonlyMap<string, AlertSeverity> {
  if (!overrides) return DEFAULT_TABLE;
  let table = tables.get(overrides);
  if (!table) {
    table = buildSeverityMap(overrides);
    tables.set(overrides, table);
  }
  return table;
}

function buildSeverityMap(overrides: Readonly<Record<string, string>>): ReadonlyMap<string, AlertSeverity> {
  const map = new Map<string, AlertSeverity>(Object.entries(DEFAULT_SEVERITY_MAP));
  for (const [native, canonical] of Object.entries(overrides ?? {}))
    if (isAlertSeverity(canonical)) map.set(native.trim().toLowerCase(), canonical);
  return map;
}

/**
 * The canonical severity of an alert: its `severityLabel` value looked up in the map, else
 * `defaultSeverity` (no label, or a value nobody mapped). `native` is the label value as sent.
 */
export function severityOf(
  labels: Readonly<Record<string, string>>,
  settings: {
    severityLabel: string;
    map: ReadonlyMap<string, AlertSeverity>;
    defaultSeverity: AlertSeverity;
  },
): { severity: AlertSeverity; native?: string } {
  const native = labels[settings.severityLabel];
  if (native === undefined || native.trim() === '') return { severity: settings.defaultSeverity };
  return { severity: settings.map.get(native.trim().toLowerCase()) ?? settings.defaultSeverity, native };
}

export function isAlertSeverity(value: unknown): value is AlertSeverity {
  return typeof value === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(value);
}

import { DEFAULT_SEVERITY_MAP, effectiveSeverityMap, severityOf } from './severity-map';

const settings = (overrides?: Record<string, string>, defaultSeverity = 'medium' as const) => ({
  severityLabel: 'severity',
  map: effectiveSeverityMap(overrides),
  defaultSeverity,
});

describe('severity map', () => {
  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['minor', 'low'],
    ['info', 'info'],
    ['none', 'info'],
    ['P1', 'critical'],
  ])('maps the Prometheus convention %s to %s, keeping the native value', (native, canonical) => {
    expect(severityOf({ severity: native }, settings())).toEqual({ severity: canonical, native });
  });

  it('is case-insensitive and ignores surrounding spaces', () => {
    expect(severityOf({ severity: ' Warning ' }, settings())).toEqual({
      severity: 'medium',
      native: ' Warning ',
    });
  });

  it('falls back to the default for an unmapped value (kept as native) and for a missing label', () => {
    expect(severityOf({ severity: 'sev2' }, settings(undefined, 'low' as never))).toEqual({
      severity: 'low',
      native: 'sev2',
    });
    expect(severityOf({ alertname: 'X' }, settings())).toEqual({ severity: 'medium' });
    expect(severityOf({ severity: '' }, settings())).toEqual({ severity: 'medium' });
  });

  it('merges instance entries over the defaults, theirs winning', () => {
    const merged = settings({ SEV2: 'high', warning: 'low' });
    expect(severityOf({ severity: 'sev2' }, merged).severity).toBe('high');
    expect(severityOf({ severity: 'warning' }, merged).severity).toBe('low');
    expect(severityOf({ severity: 'critical' }, merged).severity).toBe('critical');
  });

  it('reads the configured label', () => {
    expect(
      severityOf({ priority: 'p2', severity: 'info' }, { ...settings(), severityLabel: 'priority' }),
    ).toEqual({
      severity: 'high',
      native: 'p2',
    });
  });

  it('has lower-case keys only (lookups lower-case the native value)', () => {
    for (const key of Object.keys(DEFAULT_SEVERITY_MAP)) expect(key).toBe(key.toLowerCase());
  });
});

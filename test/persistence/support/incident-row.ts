import { IncidentRecord } from '@switchboard/persistence';

/**
 * An incident row with every column set, values that round-trip badly when stored carelessly
 * (milliseconds, non-ASCII, quotes, a `$1` placeholder look-alike).
 */
export const incidentRow = (id: string, overrides: Partial<IncidentRecord> = {}): IncidentRecord =>
  Object.assign(new IncidentRecord(), {
    id,
    tenantId: 'tenant-a',
    dedupKey: `dedup-${id}`,
    episodeId: 'e1',
    status: 'open',
    severity: 'critical',
    title: `Disk full ${id} — ünïcødé 'quoted' $1`,
    occurrences: 1,
    ticket: null,
    humanSteps: 0,
    actions: 0,
    escalated: false,
    openedAt: new Date('2026-12-01T10:00:00.123Z'),
    resolvedAt: null,
    updatedAt: new Date('2026-12-01T10:00:01.456Z'),
    ...overrides,
  });

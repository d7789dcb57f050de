import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type IncidentStatus = 'open' | 'resolved';

/**
 * The hub's incident: one alert episode (dedupKey + episode) with what was done about it —
 * tickets linked, runs, a timeline. Another episode of the same alert is another incident.
 */
@Entity({ name: 'incidents' })
@Index('uq_incidents_episode', ['tenantId', 'dedupKey', 'episodeId'], { unique: true })
@Index('idx_incidents_tenant_opened', ['tenantId', 'openedAt', 'id'])
@Index('idx_incidents_dedup', ['tenantId', 'dedupKey', 'openedAt'])
export class IncidentRecord {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_incidents' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  @Column({ name: 'dedup_key', type: 'varchar', length: 255 })
  dedupKey!: string;

  @Column({ name: 'episode_id', type: 'varchar', length: 255 })
  episodeId!: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: IncidentStatus;

  @Column({ name: 'severity', type: 'varchar', length: 16 })
  severity!: string;

  @Column({ name: 'title', type: 'text' })
  title!: string;

  /** Alert notifications seen in this episode (the first included). */
  @Column({ name: 'occurrences', type: 'integer' })
  occurrences!: number;

  /** The ticket tracking it, as an ExternalRef (JSON), once linked. */
  @Column({ name: 'ticket', type: 'text', nullable: true })
  ticket!: string | null;

  /** Whether any step needed a person (approval): automation coverage counts those without. */
  @Column({ name: 'human_steps', type: 'integer' })
  humanSteps!: number;

  /** Whether any act step succeeded for it (false positives are resolved with none). */
  @Column({ name: 'actions', type: 'integer' })
  actions!: number;

  @Column({ name: 'escalated', type: 'boolean' })
  escalated!: boolean;

  @Column({ name: 'opened_at', type: Date })
  openedAt!: Date;

  @Column({ name: 'resolved_at', type: Date, nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

/** One line of an incident's timeline. */
@Entity({ name: 'incident_timeline' })
export class IncidentTimelineEntry {
  @PrimaryColumn({
    name: 'incident_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_incident_timeline',
  })
  incidentId!: string;

  @PrimaryColumn({ name: 'seq', type: 'integer', primaryKeyConstraintName: 'pk_incident_timeline' })
  seq!: number;

  @Column({ name: 'at', type: Date })
  at!: Date;

  /** `alert.triggered`, `alert.refired`, `alert.resolved`, `run.started`, `ticket.linked`, … */
  @Column({ name: 'kind', type: 'varchar', length: 64 })
  kind!: string;

  /** JSON details (event id, run id, ticket ref…). */
  @Column({ name: 'detail', type: 'text' })
  detail!: string;
}

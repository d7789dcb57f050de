import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'canceled';
export type StepStatus = 'pending' | 'dispatched' | 'awaiting_approval' | 'succeeded' | 'failed' | 'skipped';

/** One execution of a flow version, triggered by one event. Persisted step by step. */
@Entity({ name: 'runs' })
@Index('idx_runs_tenant_created', ['tenantId', 'createdAt', 'id'])
@Index('idx_runs_status_wake', ['status', 'nextWakeAt'])
@Index('idx_runs_serial', ['serialKey', 'status'])
@Index('uq_runs_trigger', ['flowId', 'triggerEventId'], { unique: true })
export class RunRecord {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_runs' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  @Column({ name: 'flow_id', type: 'varchar', length: 36 })
  flowId!: string;

  @Column({ name: 'flow_version', type: 'integer' })
  flowVersion!: number;

  /** The event that started it: a redelivered trigger finds this run instead of starting another. */
  @Column({ name: 'trigger_event_id', type: 'varchar', length: 36 })
  triggerEventId!: string;

  @Column({ name: 'trigger_type', type: 'varchar', length: 255 })
  triggerType!: string;

  /** Runs with the same key run one after another (an alert's episodes, a ticket's changes). */
  @Column({ name: 'serial_key', type: 'varchar', length: 255, nullable: true })
  serialKey!: string | null;

  @Column({ name: 'incident_id', type: 'varchar', length: 36, nullable: true })
  incidentId!: string | null;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: RunStatus;

  /** The context steps read and write: the trigger event, incident, step outputs, decisions (JSON). */
  @Column({ name: 'context', type: 'text' })
  context!: string;

  /** Why it failed, in one sentence (redacted). */
  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  /** When the engine should look at it again (a retry's backoff, an approval's expiry). */
  @Column({ name: 'next_wake_at', type: Date, nullable: true })
  nextWakeAt!: Date | null;

  /** Steps that waited for a person (approvals): feeds automation coverage. */
  @Column({ name: 'human_steps', type: 'integer' })
  humanSteps!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;
}

/** One step of a run: its state, input, output, error, timings and, for decisions, why. */
@Entity({ name: 'run_steps' })
@Index('uq_run_steps_idempotency', ['idempotencyKey'], { unique: true })
export class RunStepRecord {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36, primaryKeyConstraintName: 'pk_run_steps' })
  runId!: string;

  @PrimaryColumn({ name: 'step_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_run_steps' })
  stepId!: string;

  /** Position in the flow (steps run in this order). */
  @Column({ name: 'seq', type: 'integer' })
  seq!: number;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'status', type: 'varchar', length: 24 })
  status!: StepStatus;

  @Column({ name: 'attempt', type: 'integer' })
  attempt!: number;

  /**
   * Of the command this step sent (`<runId>/<stepId>#<attempt>`): travels in the command, so the
   * runtime runs it once however often it is delivered, and the result finds its step.
   */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 160, nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'instance_id', type: 'varchar', length: 36, nullable: true })
  instanceId!: string | null;

  @Column({ name: 'action', type: 'varchar', length: 100, nullable: true })
  action!: string | null;

  @Column({ name: 'input', type: 'text', nullable: true })
  input!: string | null;

  @Column({ name: 'output', type: 'text', nullable: true })
  output!: string | null;

  /** `{ code, message }` (redacted). */
  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  /** Decide steps: `{ outcome, rule, because }`; skipped steps: why. */
  @Column({ name: 'explanation', type: 'text', nullable: true })
  explanation!: string | null;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;
}

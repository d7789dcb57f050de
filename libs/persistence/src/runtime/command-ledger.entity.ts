import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CommandLedgerStatus = 'running' | 'succeeded' | 'failed';

/**
 * What became of a command, per instance and idempotency key: a repeat of a succeeded command is
 * answered from here instead of being run again.
 */
@Entity({ name: 'command_ledger' })
export class CommandLedgerEntry {
  @PrimaryColumn({
    name: 'instance_id',
    type: 'varchar',
    length: 36,
    primaryKeyConstraintName: 'pk_command_ledger',
  })
  instanceId!: string;

  @PrimaryColumn({
    name: 'idempotency_key',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'pk_command_ledger',
  })
  idempotencyKey!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 128 })
  tenantId!: string;

  @Column({ name: 'action', type: 'varchar', length: 100 })
  action!: string;

  /** The command event of the latest run. */
  @Column({ name: 'command_id', type: 'varchar', length: 36 })
  commandId!: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: CommandLedgerStatus;

  /** Output JSON of a succeeded run. */
  @Column({ name: 'output', type: 'text', nullable: true })
  output!: string | null;

  /** `{ code, message }` JSON of a failed run (redacted). */
  @Column({ name: 'error', type: 'text', nullable: true })
  error!: string | null;

  /** How many outcomes were recorded under this key (a failed command may be sent again). */
  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}

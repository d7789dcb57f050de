export { ConnectorStateEntry } from './connector-state.entity';
export { PollCursor } from './poll-cursor.entity';
export { CommandLedgerEntry } from './command-ledger.entity';
export type { CommandLedgerStatus } from './command-ledger.entity';
export { InstanceHealthRecord } from './instance-health.entity';

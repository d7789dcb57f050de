// @switchboard/runtime: hosts connector instances. Webhook ingress, pollers, command workers,
// "test connection" and per-instance health, for the hub and the connector-runtime app.
export { RuntimeModule } from './runtime.module';
export type { RuntimeModuleOptions } from './runtime.module';
export { InstanceHost, RECONCILE_INTERVAL_MS } from './hosting/instance-host';
export type { HostChange } from './hosting/instance-host';
export { HostedInstance, DEFAULT_INSTANCE_CONCURRENCY } from './hosting/hosted-instance';
export { WorkLimiter } from './hosting/work-limiter';
export { InstanceHealthService } from './health/instance-health.service';
export type { InstanceHealthStatus, InstanceOperation } from './health/instance-health.service';
export { PollScheduler } from './polling/poll-scheduler';
export { KvLeaseStore, MemoryLeaseStore, LEASE_BUCKET } from './polling/lease-store';
export type { LeaseStore } from './polling/lease-store';
export { LEASE_STORE } from './polling/lease.tokens';
export { CommandWorker, COMMAND_CONSUMER, COMMAND_MAX_DELIVERIES } from './commands/command-worker';
export { CommandLedger } from './commands/command-ledger';
export type { LedgerRecord } from './commands/command-ledger';
export { CheckResponder, CHECK_SUBJECT_FILTER } from './check/check-responder';
export { WebhookIngress, WEBHOOK_AUTH_FAILURE_LIMIT } from './ingress/webhook-ingress';
export type { WebhookAccepted } from './ingress/webhook-ingress';
export { TypeOrmStateStore } from './state/typeorm-state-store';

import { hostname } from 'node:os';
import { Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { CheckResult, ConnectorHttpStatus } from '@switchboard/connector-sdk';
import { errorCodeOf } from '@switchboard/errors';
import { InstanceHealthRecord } from '@switchboard/persistence';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** What an instance is doing right now, as far as this runtime sees it. */
export type InstanceHealthStatus = 'ok' | 'degraded' | 'failing' | 'disabled' | 'invalid_config' | 'unknown';

/** Kinds of work the runtime does for an instance. */
export type InstanceOperation = 'webhook' | 'poll' | 'command' | 'check';

interface HealthState {
  tenantId: string;
  connectorType: string;
  enabled: boolean;
  problem?: string;
  lastSuccessAt?: Date;
  lastErrorAt?: Date;
  lastError?: { code: string; message: string; operation: InstanceOperation };
  rateLimitedUntil?: Date;
  circuit: ConnectorHttpStatus['circuit'];
  lastCheck?: CheckResult & { at: string };
}

const PERSIST_DELAY_MS = 1_000;
const REPORTER = `${hostname()}:${process.pid}`;

/**
 * Per-instance health: last success, last error, rate-limited-until, circuit state and the last
 * check. Fed by the HTTP client's status and by every webhook, poll, command and check; exported
 * to `/metrics` at once and written to `instance_health` (debounced) for the admin API.
 */
@Injectable()
export class InstanceHealthService implements OnModuleDestroy {
  private readonly logger = new Logger('InstanceHealth');
  readonly #states = new Map<string, HealthState>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #healthy?: Gauge<'connector' | 'instance'>;
  readonly #rateLimited?: Gauge<'connector' | 'instance'>;
  readonly #circuitOpen?: Gauge<'connector' | 'instance'>;
  readonly #operations?: Counter<'connector' | 'operation' | 'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() registry?: Registry,
  ) {
    if (!registry) return;
    const registers = [registry];
    const labelNames = ['connector', 'instance'] as const;
    this.#healthy = new Gauge({
      name: 'switchboard_connector_instance_healthy',
      help: 'Whether a hosted connector instance is working: 1 ok or degraded, 0 failing, disabled or misconfigured.',
      labelNames,
      registers,
    });
    this.#rateLimited = new Gauge({
      name: 'switchboard_connector_rate_limited',
      help: 'Whether the tool behind an instance asked us to wait (Retry-After / rate limit headers): 1 while it does.',
      labelNames,
      registers,
    });
    this.#circuitOpen = new Gauge({
      name: 'switchboard_connector_circuit_open',
      help: 'Whether the circuit breaker of an instance is open (1) or half-open/closed (0).',
      labelNames,
      registers,
    });
    this.#operations = new Counter({
      name: 'switchboard_connector_operations_total',
      help: 'Webhooks, poll runs, commands and checks run for connector instances, by outcome (ok, error).',
      labelNames: ['connector', 'operation', 'outcome'],
      registers,
    });
  }

  /** Starts tracking an instance (again, after a reload: its history is kept). */
  track(
    instanceId: string,
    facts: { tenantId: string; connectorType: string; enabled: boolean; problem?: string },
  ): void {
    const state = this.#states.get(instanceId) ?? { ...facts, circuit: 'closed' as const };
    Object.assign(state, facts);
    if (facts.problem === undefined) delete state.problem;
    this.#states.set(instanceId, state);
    this.changed(instanceId);
  }

  forget(instanceId: string): void {
    const state = this.#states.get(instanceId);
    this.#states.delete(instanceId);
    clearTimeout(this.#pending.get(instanceId));
    this.#pending.delete(instanceId);
    if (state) {
      const labels = { connector: state.connectorType, instance: instanceId };
      this.#healthy?.remove(labels);
      this.#rateLimited?.remove(labels);
      this.#circuitOpen?.remove(labels);
    }
  }

  httpStatus(instanceId: string, status: ConnectorHttpStatus): void {
    const state = this.#states.get(instanceId);
    if (!state) return;
    state.circuit = status.circuit;
    state.rateLimitedUntil = status.rateLimitedUntil;
    this.changed(instanceId);
  }

  succeeded(instanceId: string, operation: InstanceOperation, at = new Date()): void {
    const state = this.#states.get(instanceId);
    if (!state) return;
    state.lastSuccessAt = at;
    this.#operations?.inc({ connector: state.connectorType, operation, outcome: 'ok' });
    this.changed(instanceId);
  }

  /** `message` must already be redacted (errors from the SDK's client and engine are). */
  failed(instanceId: string, operation: InstanceOperation, error: unknown, at = new Date()): void {
    const state = this.#states.get(instanceId);
    if (!state) return;
    state.lastErrorAt = at;
    state.lastError = {
      code: errorCodeOf(error),
      message: (error instanceof Error ? error.message : String(error)).slice(0, 1_000),
      operation,
    };
    this.#operations?.inc({ connector: state.connectorType, operation, outcome: 'error' });
    this.changed(instanceId);
  }

  checked(instanceId: string, result: CheckResult, at = new Date()): void {
    const state = this.#states.get(instanceId);
    if (!state) return;
    state.lastCheck = { ...result, at: at.toISOString() };
    if (result.ok) {
      this.succeeded(instanceId, 'check', at);
      return;
    }
    state.lastErrorAt = at;
    state.lastError = { code: result.status, message: result.detail.slice(0, 1_000), operation: 'check' };
    this.#operations?.inc({ connector: state.connectorType, operation: 'check', outcome: 'error' });
    this.changed(instanceId);
  }

  status(instanceId: string, now = new Date()): InstanceHealthStatus {
    const state = this.#states.get(instanceId);
    return state ? statusOf(state, now) : 'unknown';
  }

  /** Writes every pending record now (shutdown). */
  async flush(): Promise<void> {
    const ids = [...this.#pending.keys()];
    for (const id of ids) clearTimeout(this.#pending.get(id));
    this.#pending.clear();
    await Promise.all(ids.map((id) => this.persist(id)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private changed(instanceId: string): void {
    const state = this.#states.get(instanceId);
    if (!state) return;
    const labels = { connector: state.connectorType, instance: instanceId };
    const status = statusOf(state, new Date());
    this.#healthy?.set(labels, status === 'ok' || status === 'degraded' ? 1 : 0);
    this.#rateLimited?.set(labels, state.rateLimitedUntil && state.rateLimitedUntil > new Date() ? 1 : 0);
    this.#circuitOpen?.set(labels, state.circuit === 'open' ? 1 : 0);
    if (this.#pending.has(instanceId)) return;
    this.#pending.set(
      instanceId,
      setTimeout(() => {
        this.#pending.delete(instanceId);
        void this.persist(instanceId);
      }, PERSIST_DELAY_MS).unref(),
    );
  }

  private async persist(instanceId: string): Promise<void> {
    const state = this.#states.get(instanceId);
    if (!state || !this.dataSource.isInitialized) return;
    try {
      await this.dataSource.getRepository(InstanceHealthRecord).upsert(
        {
          instanceId,
          tenantId: state.tenantId,
          status: statusOf(state, new Date()),
          lastSuccessAt: state.lastSuccessAt ?? null,
          lastErrorAt: state.lastErrorAt ?? null,
          lastError: state.lastError ? JSON.stringify(state.lastError) : null,
          rateLimitedUntil: state.rateLimitedUntil ?? null,
          circuit: state.circuit,
          lastCheck: state.lastCheck ? JSON.stringify(state.lastCheck) : null,
          reportedBy: REPORTER,
          updatedAt: new Date(),
        },
        ['instanceId'],
      );
    } catch (error) {
      this.logger.warn(`Could not record the health of instance ${instanceId}: ${String(error)}`);
    }
  }
}

function statusOf(state: HealthState, now: Date): InstanceHealthStatus {
  if (state.problem) return 'invalid_config';
  if (!state.enabled) return 'disabled';
  if (state.circuit === 'open') return 'failing';
  if (state.lastErrorAt && (!state.lastSuccessAt || state.lastErrorAt > state.lastSuccessAt))
    return 'failing';
  if ((state.rateLimitedUntil && state.rateLimitedUntil > now) || state.circuit === 'half-open')
    return 'degraded';
  return state.lastSuccessAt ? 'ok' : 'unknown';
}

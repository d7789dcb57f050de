import { Injectable, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { DatabaseHealth } from '@switchboard/persistence';
import { BusRuntime } from '../bus/bus-runtime';

export interface ComponentHealth {
  ok: boolean;
  detail: string;
}

export interface BusHealth extends ComponentHealth {
  kind: 'jetstream' | 'in-process';
  durable: boolean;
}

export interface ReadinessReport {
  ready: boolean;
  /** Why the process is not ready, one clause per failing check; empty when ready. */
  reasons: string[];
  /** Things an operator should know even when ready (the in-process bus). */
  warnings: string[];
  checks: { bus?: BusHealth; database?: ComponentHealth };
}

/** A check that does not answer within this time counts as failed: a probe must never hang. */
export const READINESS_CHECK_TIMEOUT_MS = 3_000;

/**
 * Answers "can this process do its work now?" from the bus and the database, whichever the app
 * loads. Reports not ready as soon as shutdown begins, so load balancers stop sending traffic
 * while in-flight work drains.
 */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(
    @Optional() private readonly busRuntime?: BusRuntime,
    @Optional() private readonly database?: DatabaseHealth,
  ) {}

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async check(): Promise<ReadinessReport> {
    const [bus, database] = await Promise.all([this.checkBus(), this.checkDatabase()]);
    const reasons: string[] = [];
    const warnings: string[] = [];
    if (this.shuttingDown) reasons.push('shutting down');
    if (bus && !bus.ok) reasons.push(`bus: ${bus.detail}`);
    if (database && !database.ok) reasons.push(`database: ${database.detail}`);
    if (bus && !bus.durable) warnings.push(bus.detail);
    return {
      ready: reasons.length === 0,
      reasons,
      warnings,
      checks: { ...(bus ? { bus } : {}), ...(database ? { database } : {}) },
    };
  }

  private async checkBus(): Promise<BusHealth | undefined> {
    const runtime = this.busRuntime;
    if (!runtime) return undefined;
    const { ok, detail } = await withTimeout(() => runtime.bus.health(), 'bus');
    const { kind, durable } = runtime.bus;
    // The bus's own detail says whether it is up; the runtime's says where it is or why it is not durable.
    return { ok, detail: ok ? runtime.detail : `${detail} (${runtime.detail})`, kind, durable };
  }

  private async checkDatabase(): Promise<ComponentHealth | undefined> {
    const database = this.database;
    if (!database) return undefined;
    return withTimeout(() => database.check(), 'database');
  }
}

async function withTimeout(check: () => Promise<ComponentHealth>, name: string): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ComponentHealth>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          detail: `${name} check did not answer within ${READINESS_CHECK_TIMEOUT_MS} ms`,
        }),
      READINESS_CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) => ({
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

import type { EventBus } from '@switchboard/bus';
import type { DatabaseHealth } from '@switchboard/persistence';
import { BusRuntime } from '../bus/bus-runtime';
import { ReadinessService } from './readiness.service';

function runtime(kind: 'jetstream' | 'in-process', health: { ok: boolean; detail: string }, detail: string) {
  const bus = { kind, durable: kind === 'jetstream', health: async () => health } as unknown as EventBus;
  return new BusRuntime(bus, kind === 'jetstream' ? 'nats-url' : 'in-process', detail);
}

function database(health: { ok: boolean; detail: string }): DatabaseHealth {
  return { check: async () => health } as unknown as DatabaseHealth;
}

describe('ReadinessService', () => {
  it('is ready when the bus and the database answer', async () => {
    const service = new ReadinessService(
      runtime('jetstream', { ok: true, detail: 'up' }, 'JetStream at nats://n1:4222'),
      database({ ok: true, detail: 'sqlite up' }),
    );
    await expect(service.check()).resolves.toEqual({
      ready: true,
      reasons: [],
      warnings: [],
      checks: {
        bus: { ok: true, detail: 'JetStream at nats://n1:4222', kind: 'jetstream', durable: true },
        database: { ok: true, detail: 'sqlite up' },
      },
    });
  });

  it('names every failing dependency', async () => {
    const service = new ReadinessService(
      runtime('jetstream', { ok: false, detail: 'NATS connection closed' }, 'JetStream at nats://n1:4222'),
      database({ ok: false, detail: 'postgres down (ECONNREFUSED)' }),
    );
    const report = await service.check();
    expect(report.ready).toBe(false);
    expect(report.reasons).toEqual([
      'bus: NATS connection closed (JetStream at nats://n1:4222)',
      'database: postgres down (ECONNREFUSED)',
    ]);
  });

  it('is ready on the in-process bus but says durability is off', async () => {
    const detail = 'durability off: in-process bus, events are lost on restart (no nats-server)';
    const service = new ReadinessService(
      runtime('in-process', { ok: true, detail: 'in-process bus' }, detail),
    );
    const report = await service.check();
    expect(report.ready).toBe(true);
    expect(report.warnings).toEqual([detail]);
    expect(report.checks.bus).toEqual({ ok: true, detail, kind: 'in-process', durable: false });
    expect(report.checks.database).toBeUndefined();
  });

  it('reports a check that throws as failed', async () => {
    const failing = { check: async () => Promise.reject(new Error('boom')) } as unknown as DatabaseHealth;
    const report = await new ReadinessService(undefined, failing).check();
    expect(report.reasons).toEqual(['database: boom']);
  });

  it('turns not ready as soon as shutdown begins', async () => {
    const service = new ReadinessService();
    service.beforeApplicationShutdown();
    await expect(service.check()).resolves.toMatchObject({ ready: false, reasons: ['shutting down'] });
  });
});

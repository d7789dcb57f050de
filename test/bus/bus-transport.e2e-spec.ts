import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  BusClientProxy,
  BusContext,
  BusExceptionPassthroughFilter,
  BusTransportServer,
  JetStreamBus,
  rpcSubject,
} from '@switchboard/bus';
import { SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '@switchboard/events';
import { lastValueFrom } from 'rxjs';
import { alertEvent, waitFor } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

const tenant = `nest${process.pid}`;
const handled: Array<{ n: number; delivery: number }> = [];

@Controller()
class AlertsController {
  @EventPattern(`evt.${tenant}.ops.alert.>`, { durable: 'nest-alerts', backoff: { initialMs: 50 } })
  onAlert(@Payload() event: CloudEvent<{ occurrenceCount: number }>, @Ctx() ctx: BusContext): void {
    const n = event.data.occurrenceCount;
    const delivery = ctx.getDelivery()!.deliveryCount;
    // The first delivery of #2 fails transiently: the transport must retry it, not swallow it.
    if (n === 2 && delivery === 1) throw SwitchboardError.retryable('CMDB briefly unavailable');
    handled.push({ n, delivery });
  }

  @MessagePattern(rpcSubject(tenant, 'cmdb', 'ci.lookup'))
  async lookup(@Payload() request: CloudEvent<{ occurrenceCount: number }>): Promise<CloudEvent> {
    if (request.data.occurrenceCount === 404) throw SwitchboardError.notFound('no CI with that key');
    return alertEvent({ tenant, partition: 'reply', n: request.data.occurrenceCount * 2 });
  }
}

@Module({ controllers: [AlertsController] })
class AlertsModule {}

let nats: NatsTestServer;
let bus: JetStreamBus;
let app: INestMicroservice;

beforeAll(async () => {
  nats = await startNatsTestServer();
  bus = await JetStreamBus.connect({ servers: nats.url });
  const moduleRef = await Test.createTestingModule({ imports: [AlertsModule] }).compile();
  app = moduleRef.createNestMicroservice({
    strategy: new BusTransportServer(bus, { durablePrefix: 'test' }),
  });
  app.useGlobalFilters(new BusExceptionPassthroughFilter());
  await app.listen();
});

afterAll(async () => {
  await app?.close();
  await bus?.close();
  await nats?.stop();
});

it('runs @EventPattern handlers as durable consumers, retrying what they throw as retryable', async () => {
  const client = new BusClientProxy(bus);
  for (let n = 1; n <= 3; n++)
    await lastValueFrom(client.emit('', alertEvent({ tenant, partition: `p${n}`, n })));
  await waitFor(() => handled.length === 3);
  expect(handled.sort((a, b) => a.n - b.n)).toEqual([
    { n: 1, delivery: 1 },
    { n: 2, delivery: 2 },
    { n: 3, delivery: 1 },
  ]);
});

it('serves @MessagePattern over request/reply, with typed errors back to the caller', async () => {
  const client = new BusClientProxy(bus);
  const reply = await lastValueFrom(
    client.send<CloudEvent<{ occurrenceCount: number }>>(
      rpcSubject(tenant, 'cmdb', 'ci.lookup'),
      alertEvent({ tenant, partition: 'q', n: 21 }),
    ),
  );
  expect(reply.data.occurrenceCount).toBe(42);
  await expect(
    lastValueFrom(
      client.send(rpcSubject(tenant, 'cmdb', 'ci.lookup'), alertEvent({ tenant, partition: 'q', n: 404 })),
    ),
  ).rejects.toMatchObject({ code: 'not_found', message: 'no CI with that key' });
});

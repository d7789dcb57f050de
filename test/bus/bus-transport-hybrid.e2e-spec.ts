/**
 * The bus transport as every app attaches it: a hybrid HTTP app with the transport connected by
 * connectBusTransport. Handler errors must reach the transport as thrown (typed), not as Nest's
 * generic "Internal server error", or the error code that decides retry versus dead letter is lost.
 */
import {
  Controller,
  Injectable,
  Logger,
  Module,
  type INestApplication,
  type OnModuleInit,
} from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { BusClientProxy, JetStreamBus, connectBusTransport, rpcSubject } from '@switchboard/bus';
import { SwitchboardError } from '@switchboard/errors';
import type { CloudEvent } from '@switchboard/events';
import { lastValueFrom } from 'rxjs';
import { alertEvent } from '../support/bus-fixtures';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

const tenant = `hybrid${process.pid}`;
const subject = rpcSubject(tenant, 'cmdb', 'ci.lookup');

@Controller()
class LookupController {
  @MessagePattern(subject)
  lookup(@Payload() request: CloudEvent<{ occurrenceCount: number }>): CloudEvent {
    if (request.data.occurrenceCount === 404) throw SwitchboardError.notFound('no CI with that key');
    return alertEvent({ tenant, partition: 'reply', n: request.data.occurrenceCount + 1 });
  }
}

let initHooks = 0;

@Injectable()
class CountsInit implements OnModuleInit {
  onModuleInit(): void {
    initHooks += 1;
  }
}

@Module({ controllers: [LookupController], providers: [CountsInit] })
class LookupModule {}

let nats: NatsTestServer;
let bus: JetStreamBus;
let app: INestApplication;
const warnings: string[] = [];

beforeAll(async () => {
  nats = await startNatsTestServer();
  bus = await JetStreamBus.connect({ servers: nats.url });
  const moduleRef = await Test.createTestingModule({ imports: [LookupModule] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
    warnings.push(String(message));
  });
  connectBusTransport(app, bus, { durablePrefix: 'hybrid' });
  await app.startAllMicroservices();
  await app.init();
});

afterAll(async () => {
  await app?.close();
  await bus?.close();
  await nats?.stop();
});

it('attaches without Nest refusing the exception filter, and runs the app init hooks once', () => {
  expect(warnings.filter((w) => /Cannot apply/.test(w))).toEqual([]);
  expect(initHooks).toBe(1);
});

it('answers requests, and hands a handler error back with its code', async () => {
  const client = new BusClientProxy(bus);
  const reply = await lastValueFrom(
    client.send<CloudEvent<{ occurrenceCount: number }>>(
      subject,
      alertEvent({ tenant, partition: 'q', n: 41 }),
    ),
  );
  expect(reply.data.occurrenceCount).toBe(42);
  await expect(
    lastValueFrom(client.send(subject, alertEvent({ tenant, partition: 'q', n: 404 }))),
  ).rejects.toMatchObject({ code: 'not_found', message: 'no CI with that key' });
});

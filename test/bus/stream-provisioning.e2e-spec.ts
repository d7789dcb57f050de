import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { JetStreamBus } from '@switchboard/bus';
import { ErrorCode } from '@switchboard/errors';
import { startNatsTestServer, type NatsTestServer } from '../support/nats-test-server';

let nats: NatsTestServer;

beforeAll(async () => {
  nats = await startNatsTestServer();
});

afterAll(async () => {
  await nats?.stop();
});

async function streamConfig(name: string) {
  const nc = await connect({ servers: nats.url });
  try {
    return (await (await jetstreamManager(nc)).streams.info(name)).config;
  } finally {
    await nc.close();
  }
}

it('creates EVT, CMD and DLQ with the configured settings, and applies changed settings on the next start', async () => {
  const first = await JetStreamBus.connect({
    servers: nats.url,
    streams: { EVT: { maxAgeMs: 3_600_000, duplicateWindowMs: 60_000 } },
  });
  await first.close();
  expect(await streamConfig('EVT')).toMatchObject({
    subjects: ['evt.>'],
    retention: 'limits',
    max_age: 3_600_000 * 1e6,
    duplicate_window: 60_000 * 1e6,
  });
  expect((await streamConfig('CMD')).subjects).toEqual(['cmd.>']);
  expect((await streamConfig('DLQ')).subjects).toEqual(['dlq.>']);

  // A second replica (or the next start) with other settings updates the stream in place.
  const second = await JetStreamBus.connect({
    servers: nats.url,
    streams: { EVT: { maxAgeMs: 7_200_000, duplicateWindowMs: 30_000 } },
  });
  await second.close();
  expect(await streamConfig('EVT')).toMatchObject({
    max_age: 7_200_000 * 1e6,
    duplicate_window: 30_000 * 1e6,
  });
});

it('refuses a retention change the server cannot apply in place, saying what to do', async () => {
  await expect(
    JetStreamBus.connect({ servers: nats.url, streams: { EVT: { retention: 'interest' } } }),
  ).rejects.toMatchObject({
    code: ErrorCode.Permanent,
    message: expect.stringMatching(/stream EVT has retention=limits but interest is configured/),
  });
});

it('caps the duplicate window at the max age, as the server requires', async () => {
  const bus = await JetStreamBus.connect({
    servers: nats.url,
    streams: { DLQ: { maxAgeMs: 10_000, duplicateWindowMs: 120_000 } },
  });
  await bus.close();
  expect(await streamConfig('DLQ')).toMatchObject({ max_age: 10_000 * 1e6, duplicate_window: 10_000 * 1e6 });
});

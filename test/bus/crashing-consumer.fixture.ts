// A consumer process that starts handling an event and never acks it: the conformance suite
// kills it with SIGKILL mid-handler and checks that the event is redelivered.
// Usage: node -r @swc-node/register crashing-consumer.fixture.ts <natsUrl> <durable> <filter>
import { JetStreamBus } from '@switchboard/bus';

async function main(): Promise<void> {
  const [url, durable, filterSubject] = process.argv.slice(2);
  const bus = await JetStreamBus.connect({ servers: url });
  await bus.subscribe({ durable, filterSubject, ackWaitMs: 1_000 }, (event) => {
    process.stdout.write(`handling ${event.id}\n`);
    return new Promise<void>(() => undefined);
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

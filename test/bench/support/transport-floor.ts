/**
 * The transport floor of `bench:pipeline`: per alert, the wire work the hub's pipeline cannot do
 * without, and nothing else. The webhook is read and acknowledged once its alert event is stored
 * (an awaited JetStream publish); a consumer turns the alert into a command; another runs the
 * command as the Redmine connector does for a fresh command (the create, on the same fake) and
 * publishes the result event; a third turns the result into an outcome event. Four durable events
 * and two HTTP exchanges, as in the pipeline, on streams configured like the hub's EVT and CMD;
 * no database, no validation, no mapping, no retries, no idempotency records.
 *
 * Its rate bounds any implementation of this design on this machine: what the pipeline does on
 * top of it (durable runs and incidents, exactly-once effects, validation) is the rest of the gap.
 */
import { createServer, Agent, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { streamConfig } from '@switchboard/bus';
import { v7 as uuidv7 } from 'uuid';
import { FAKE_TICKETING_MARKER_FIELD } from './fake-ticketing';

/** The driver watches this subject as well as the hub's result subject. */
export const FLOOR_RESULT_SUBJECT = 'floor.evt.bench.hub.command.succeeded';

export interface TransportFloor {
  /** Where the driver sends its webhooks (any path; the bearer token is checked). */
  readonly url: string;
  close(): Promise<void>;
}

interface Alert {
  fingerprint: string;
  annotations: Record<string, string>;
}

/** One event: its id, as Nats-Msg-Id and ce-id, and a JSON body. */
async function publish(js: JetStreamClient, subject: string, data: unknown): Promise<void> {
  const id = uuidv7();
  const h = natsHeaders();
  h.set('ce-id', id);
  await js.publish(subject, JSON.stringify(data), { msgID: id, headers: h });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startTransportFloor(options: {
  natsUrl: string;
  token: string;
  fakeUrl: string;
  apiKey: string;
}): Promise<TransportFloor> {
  const nc: NatsConnection = await connect({ servers: options.natsUrl, noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  // The hub's EVT and CMD settings (storage, retention, age, dedup window), under other names.
  await jsm.streams.add({ ...streamConfig('EVT'), name: 'FLOOR_EVT', subjects: ['floor.evt.>'] });
  await jsm.streams.add({ ...streamConfig('CMD'), name: 'FLOOR_CMD', subjects: ['floor.cmd.>'] });
  const js = jetstream(nc);
  const fake = new URL(options.fakeUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /** Creates an issue on the fake, as the Redmine connector does; resolves with the answer's body. */
  const createIssue = (body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: fake.hostname,
          port: fake.port,
          path: '/issues.json',
          method: 'POST',
          headers: {
            'x-redmine-api-key': options.apiKey,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          readBody(res).then((text) => {
            if ((res.statusCode ?? 0) >= 300) reject(new Error(`POST /issues.json: ${res.statusCode}`));
            else resolve(text);
          }, reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const consumers: Promise<void>[] = [];
  const closers: (() => Promise<void>)[] = [];
  const consume = async (
    name: string,
    streamName: string,
    filter: string,
    handle: (m: JsMsg) => Promise<void>,
  ) => {
    await jsm.consumers.add(streamName, {
      durable_name: name,
      filter_subject: filter,
      ack_policy: AckPolicy.Explicit,
      max_ack_pending: 10_000,
    });
    const messages = await (await js.consumers.get(streamName, name)).consume({ max_messages: 256 });
    closers.push(async () => void (await messages.close()));
    consumers.push(
      (async () => {
        for await (const m of messages)
          handle(m).then(
            () => m.ack(),
            () => m.nak(),
          );
      })(),
    );
  };

  await consume('floor-alerts', 'FLOOR_EVT', 'floor.evt.bench.alert', async (m) => {
    const alert = m.json<Alert>();
    await publish(js, 'floor.cmd.bench.redmine.ticket.create', { action: 'ticket.create', alert });
  });
  await consume('floor-commands', 'FLOOR_CMD', 'floor.cmd.>', async (m) => {
    const { alert } = m.json<{ alert: Alert }>();
    const marker = `floor/${alert.fingerprint}`;
    const created = JSON.parse(
      await createIssue(
        JSON.stringify({
          issue: {
            subject: alert.annotations.summary ?? alert.fingerprint,
            description: alert.annotations.description ?? '',
            custom_fields: [{ id: FAKE_TICKETING_MARKER_FIELD, value: marker }],
          },
        }),
      ),
    ) as { issue: { id: number } };
    await publish(js, FLOOR_RESULT_SUBJECT, {
      action: 'ticket.create',
      output: { ticket: { id: String(created.issue.id) } },
    });
  });
  await consume('floor-results', 'FLOOR_EVT', FLOOR_RESULT_SUBJECT, async (m) => {
    const result = m.json<{ output: unknown }>();
    await publish(js, 'floor.evt.bench.outcome', { outcome: 'ticket-created', result });
  });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        res.writeHead(401).end();
        return;
      }
      const { alerts } = JSON.parse(body) as { alerts: Alert[] };
      await Promise.all(alerts.map((alert) => publish(js, 'floor.evt.bench.alert', alert)));
      res.writeHead(202).end();
    })().catch(() => res.writeHead(500).end());
  });
  // As the hub's apps do: a sender keeps idle connections longer than Node's 5 s default.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/floor`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(closers.map((close) => close()));
      await Promise.allSettled(consumers);
      await jsm.streams.delete('FLOOR_EVT');
      await jsm.streams.delete('FLOOR_CMD');
      agent.destroy();
      await nc.drain();
    },
  };
}

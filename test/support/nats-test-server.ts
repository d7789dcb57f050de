import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { EXTRA_NATS_SERVER_DIRS } from '@switchboard/config';
import { locateNatsServer, NatsServerLauncher } from '@switchboard/platform';

/** The nats-server the suites start, found as the hub finds it; `bash test/env/ensure-nats.sh` installs it. */
export function natsServerBinary(): string {
  const location = locateNatsServer({
    explicit: process.env.NATS_SERVER_BIN,
    searchPath: [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_NATS_SERVER_DIRS],
  });
  if (!location.found) throw new Error(`${location.reason}: run \`bash test/env/ensure-nats.sh\` first`);
  return location.path;
}

export interface NatsTestServer {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream in a temp dir on a random loopback port, started by the
 * same launcher the hub uses: each suite gets its own, so suites run in parallel and never see
 * each other's streams.
 */
export async function startNatsTestServer(): Promise<NatsTestServer> {
  const location = locateNatsServer({
    explicit: process.env.NATS_SERVER_BIN,
    searchPath: [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin'],
  });
  if (!location.found) {
    throw new Error(
      `no nats-server for the tests: ${location.reason} (bash test/env/ensure-nats.sh installs it)`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-nats-'));
  const server = await new NatsServerLauncher({ binary: location.path, dataDir }).start();
  return {
    url: server.url,
    port: server.port,
    pid: server.pid,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

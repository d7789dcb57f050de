import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback port, so parallel suites never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => socket.destroy() && resolve(true));
    socket.once('error', () => resolve(false));
  });
}

export interface NatsTestServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream in a temp dir on a random port: each suite gets its own,
 * so suites run in parallel and never see each other's streams.
 */
export async function startNatsTestServer(): Promise<NatsTestServer> {
  const bin = process.env.NATS_SERVER_BIN ?? 'nats-server';
  const dir = mkdtempSync(join(tmpdir(), 'sb-nats-'));
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
    stdio: 'ignore',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 100 && !(await portOpen(port)); i++) {
    if (exited)
      throw new Error(`${bin} exited at start (is nats-server installed? see test/env/ensure-nats.sh)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

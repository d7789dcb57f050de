import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NatsServerLauncher, probeNats, type LaunchedNatsServer } from '@switchboard/platform';
import { isAlive, natsServerBinary, tempDataDir, waitUntilGone } from './platform-test-env';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('NatsServerLauncher (real nats-server)', () => {
  const binary = natsServerBinary();
  const data = tempDataDir('launcher');
  const started: LaunchedNatsServer[] = [];
  const launcher = (overrides: Partial<ConstructorParameters<typeof NatsServerLauncher>[0]> = {}) =>
    new NatsServerLauncher({ binary, dataDir: data.dir, logger: quiet, ...overrides });

  afterAll(async () => {
    for (const server of started) await server.stop();
    data.remove();
  });

  it('starts JetStream on a free loopback port, records it, and stops it', async () => {
    const server = await launcher().start();
    started.push(server);
    expect(server.owned).toBe(true);
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(server.port).not.toBe(4222);
    expect(await probeNats('127.0.0.1', server.port)).toMatchObject({ jetstream: true });
    expect(readFileSync(join(data.dir, 'nats', 'nats.pid'), 'utf8').trim()).toBe(String(server.pid));
    expect(readFileSync(join(data.dir, 'nats', 'nats.port'), 'utf8').trim()).toBe(String(server.port));

    // A second start on the same data directory (a hub killed with SIGKILL left this one) reuses it.
    const second = await launcher().start();
    expect(second).toMatchObject({ owned: false, pid: server.pid, port: server.port });
    await second.stop();
    expect(isAlive(server.pid)).toBe(true);

    await server.stop();
    expect(await waitUntilGone(server.pid)).toBe(true);
    expect(existsSync(join(data.dir, 'nats', 'nats.pid'))).toBe(false);
    expect(existsSync(join(data.dir, 'nats', 'nats.port'))).toBe(false);
  });

  it('starts fresh when the recorded server is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(join(data.dir, 'nats', 'nats.pid'), `${dead}\n`);
    writeFileSync(join(data.dir, 'nats', 'nats.port'), '4222\n');
    const server = await launcher().start();
    started.push(server);
    expect(server.owned).toBe(true);
    expect(server.pid).not.toBe(dead);
    await server.stop();
  });

  it('reports a server that exits at once, with the tail of its log', async () => {
    const fake = join(data.dir, 'broken-nats-server');
    writeFileSync(fake, '#!/bin/sh\necho "nats-server: unknown flag, cannot start" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    await expect(launcher({ binary: fake }).start()).rejects.toThrow(
      /exited with code 3 before accepting connections[\s\S]*unknown flag, cannot start/,
    );
  });

  it('gives up after the ready timeout and kills what it started', async () => {
    const fake = join(data.dir, 'silent-nats-server');
    const pidFile = join(data.dir, 'silent.pid');
    // `exec` keeps the pid, so the recorded pid is the process the launcher must kill.
    writeFileSync(fake, `#!/bin/sh\necho $$ > ${pidFile}\necho "starting slowly"\nexec sleep 30\n`);
    chmodSync(fake, 0o755);
    const attempt = launcher({ binary: fake, readyTimeoutMs: 300, stopTimeoutMs: 1_000 }).start();
    await expect(attempt).rejects.toThrow(
      /did not accept connections on 127\.0\.0\.1:\d+ within 300 ms[\s\S]*starting slowly/,
    );
    expect(await waitUntilGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });
});

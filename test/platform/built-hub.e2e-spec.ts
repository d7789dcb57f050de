import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, natsServerBinary, tempDataDir, waitUntilGone } from './platform-test-env';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'apps', 'hub', 'main.js');

/** Newest modification time of the sources the hub bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** CI builds before testing; locally, rebuild only when a source is newer than the bundle. */
function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  if (built > sources) return;
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'hub'], {
    cwd: ROOT,
    stdio: 'pipe',
    timeout: 180_000,
  });
}

interface HubProcess {
  child: ChildProcess;
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startHub(dataDir: string, extra: Record<string, string> = {}): HubProcess {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NATS_SERVER_BIN: natsServerBinary(),
      SWITCHBOARD_PORT: '0',
      SWITCHBOARD_DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stderr: () => stderr,
    exit,
  };
}

async function listeningUrl(hub: HubProcess, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = hub.lines().find((l) => typeof l.url === 'string');
    if (line) return line.url as string;
    if (hub.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`hub did not start:\n${JSON.stringify(hub.lines(), null, 1)}\n${hub.stderr()}`);
}

describe('built hub (node dist/apps/hub/main.js)', () => {
  const data = tempDataDir('built-hub');
  const running: HubProcess[] = [];
  const orphans: number[] = [];

  beforeAll(() => ensureBuilt(), 200_000);

  afterAll(async () => {
    for (const hub of running) if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
    for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
    data.remove();
  });

  it('starts its own nats-server, is ready, and on SIGTERM exits 0 leaving no nats-server behind', async () => {
    const hub = startHub(`${data.dir}/graceful`);
    running.push(hub);
    const url = await listeningUrl(hub);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { bus: { kind: 'jetstream', durable: true } } });
    const natsPid = Number(readFileSync(`${data.dir}/graceful/nats/nats.pid`, 'utf8'));
    expect(isAlive(natsPid)).toBe(true);

    hub.child.kill('SIGTERM');
    expect(await hub.exit).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(natsPid)).toBe(true);
    expect(hub.lines().at(-1)).toMatchObject({ msg: 'Shutdown complete' });
  });

  it('reuses the nats-server a SIGKILLed hub left behind', async () => {
    const dir = `${data.dir}/killed`;
    const first = startHub(dir);
    running.push(first);
    await listeningUrl(first);
    const natsPid = Number(readFileSync(`${dir}/nats/nats.pid`, 'utf8'));
    orphans.push(natsPid);
    first.child.kill('SIGKILL');
    await first.exit;
    expect(isAlive(natsPid)).toBe(true);

    const second = startHub(dir);
    running.push(second);
    const url = await listeningUrl(second);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(second.lines().some((l) => String(l.msg).startsWith(`Reusing nats-server (pid ${natsPid})`))).toBe(
      true,
    );
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
  });

  it('exits 1 naming the invalid variable', async () => {
    const hub = startHub(`${data.dir}/invalid`, { SWITCHBOARD_PORT: 'abc', LOG_LEVEL: 'loud' });
    expect((await hub.exit).code).toBe(1);
    expect(hub.stderr()).toContain(
      'Invalid configuration: 2 environment variables to fix before Switchboard can start:',
    );
    expect(hub.stderr()).toContain('SWITCHBOARD_PORT: got "abc"');
    expect(hub.stderr()).toContain('LOG_LEVEL: got "loud"');
  });
});

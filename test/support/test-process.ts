import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// Process and port plumbing shared by the test servers for third-party systems
// (alertmanager-, redmine-, ldap-test-server.ts). @switchboard/platform has a findFreePort too, but
// importing that lib drags Nest into every suite that only wants, say, an LDAP server.

/** Every test server listens on loopback only. */
export const LOOPBACK = '127.0.0.1';

/** Debian installs daemons in /usr/sbin, which is not on every PATH. */
const EXTRA_BIN_DIRS = ['/usr/sbin', '/sbin', '/usr/local/bin', '/usr/local/sbin'];

/**
 * The path of an executable on PATH or in the usual system dirs. Throws an error that tells how to
 * install it, e.g. `findExecutable('slapd', 'test/env/ensure-ldap.sh')`.
 */
export function findExecutable(name: string, ensureScript: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''), ...EXTRA_BIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed: run \`bash ${ensureScript}\` first (as root)`);
}

/**
 * A loopback TCP port that was free a moment ago. Another process may take it before the server
 * binds it: callers start through {@link withPortRetry}.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** True once something accepts TCP connections on the loopback port. */
export function acceptsConnections(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(port, LOOPBACK, () => finish(true));
  });
}

/** A server process whose stdout and stderr go to a log file. */
export interface LoggedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  /** How it ended ("exited with code 1"), or undefined while it runs. */
  exitDescription(): string | undefined;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a server with its output in `logFile` (a file, not a pipe: nobody has to drain it). The
 * process is SIGKILLed when the Jest worker exits without stopping it, so an aborted run leaves no
 * server behind; `onExit` (synchronous) runs then too, e.g. to remove the server's temp dir.
 */
export function spawnLogged(
  command: string,
  args: readonly string[],
  options: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv; onExit?: () => void },
): LoggedProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => {
    child.kill('SIGKILL');
    options.onExit?.();
  };
  process.on('exit', killOnExit);
  child.once('close', () => process.removeListener('exit', killOnExit));

  const isRunning = () => child.exitCode === null && child.signalCode === null && spawnError === undefined;
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid: child.pid ?? -1,
    logFile: options.logFile,
    exitDescription: () => {
      if (spawnError) return `could not be started: ${spawnError.message}`;
      if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
      if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
      return undefined;
    },
    logTail: (lines = 30) => {
      try {
        return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
    stop: (graceMs = 5_000) => {
      stopping ??= (async () => {
        if (!isRunning()) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}

/**
 * Polls `probe` until it returns a value. Fails early, with the log tail, when `server` exits, and
 * after `timeoutMs` otherwise. Generous timeouts: suites run two at a time on two cores.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { server?: LoggedProcess; timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exit = options.server?.exitDescription();
    if (exit) throw new ServerStartError(`${what}: the server ${exit}`, options.server?.logTail() ?? '');
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      throw new ServerStartError(
        `${what}: not ready within ${timeoutMs} ms`,
        options.server?.logTail() ?? '',
      );
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** A server that did not come up; the message ends with the tail of its log. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- server log (tail) ---\n${logTail}` : message);
    this.name = 'ServerStartError';
  }
}

/**
 * Runs `attempt` up to `attempts` times: a port picked by {@link freePort} can be taken by a
 * parallel suite before our server binds it, which shows up as a server that exits at start.
 */
export async function withPortRetry<T>(attempt: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const portClash =
        error instanceof ServerStartError &&
        /address already in use|EADDRINUSE|port is in use/i.test(error.message);
      if (!portClash || i >= attempts) throw error;
    }
  }
}

/** Removes a directory tree, ignoring one that is already gone. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

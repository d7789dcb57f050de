import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, type LoggerService } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { findFreePort, probeNats } from './nats-probe';
import { commandLineOf, isProcessAlive, stopChildProcess, terminateProcess } from './process-control';

export interface NatsServerLauncherOptions {
  /** The `nats-server` executable. */
  binary: string;
  /** The hub's data directory; the server keeps everything under `<dataDir>/nats`. */
  dataDir: string;
  /** How long to wait for the server to accept connections (default 10 s). */
  readyTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL when stopping (default 5 s). */
  stopTimeoutMs?: number;
  logger?: LoggerService;
}

/** A running `nats-server` the hub started or found. */
export interface LaunchedNatsServer {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /**
   * False when a server left running in this data directory (by a hub that was killed, or by
   * another app sharing the directory) was reused: `stop()` then leaves it running.
   */
  readonly owned: boolean;
  /** Where the server writes its log. */
  readonly logFile: string;
  /** Stops a server we own (SIGTERM, then SIGKILL); idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const SERVER_NAME = 'switchboard';
const LOG_TAIL_LINES = 20;

/**
 * Starts a private `nats-server` with JetStream for a hub that has no `NATS_URL`: loopback only,
 * a free port, the store in `<dataDir>/nats`. The pid (written by nats-server itself) and the
 * port are recorded there, so a server orphaned by a killed hub (SIGKILL skips every cleanup)
 * is found and reused by the next start instead of fighting over the store.
 *
 * The server runs in its own process group, so a Ctrl-C in the terminal reaches only the hub,
 * which drains the bus before stopping the server. A `process.on('exit')` hook stops the server
 * when the hub exits without a graceful shutdown (e.g. `process.exit`).
 */
export class NatsServerLauncher {
  private readonly natsDir: string;
  private readonly pidFile: string;
  private readonly portFile: string;
  private readonly logFile: string;
  private readonly logger: LoggerService;

  constructor(private readonly options: NatsServerLauncherOptions) {
    this.natsDir = join(options.dataDir, 'nats');
    this.pidFile = join(this.natsDir, 'nats.pid');
    this.portFile = join(this.natsDir, 'nats.port');
    this.logFile = join(this.natsDir, 'nats-server.log');
    this.logger = options.logger ?? new Logger('NatsServer');
  }

  async start(): Promise<LaunchedNatsServer> {
    mkdirSync(this.natsDir, { recursive: true });
    const reused = await this.reuseRecordedServer();
    if (reused) return reused;

    const port = await findFreePort(HOST);
    this.rotateLog();
    const child = this.spawn(port);
    const killOnExit = () => {
      // Only synchronous work is possible in an exit hook; SIGTERM still lets the server flush its store.
      child.kill('SIGTERM');
    };
    process.on('exit', killOnExit);
    try {
      await this.waitUntilReady(child, port);
    } catch (error) {
      process.removeListener('exit', killOnExit);
      await stopChildProcess(child, this.stopTimeoutMs);
      this.clearRecord();
      throw error;
    }
    writeFileSync(this.portFile, `${port}\n`);
    const pid = child.pid as number;
    this.logger.log(
      `Started nats-server ${this.options.binary} (pid ${pid}) on ${HOST}:${port}, store ${this.natsDir}`,
    );

    let stopping: Promise<void> | undefined;
    return {
      url: `nats://${HOST}:${port}`,
      port,
      pid,
      owned: true,
      logFile: this.logFile,
      stop: () => {
        stopping ??= (async () => {
          process.removeListener('exit', killOnExit);
          await stopChildProcess(child, this.stopTimeoutMs);
          this.clearRecord();
          this.logger.log(`Stopped nats-server (pid ${pid})`);
        })();
        return stopping;
      },
    };
  }

  private get stopTimeoutMs(): number {
    return this.options.stopTimeoutMs ?? 5_000;
  }

  private spawn(port: number): ChildProcess {
    // stdout/stderr go to the log file, not to pipes: a server orphaned by a killed hub would die
    // of SIGPIPE on its next log line if it wrote to a pipe nobody reads.
    const log = openSync(this.logFile, 'a');
    try {
      const child = spawn(
        this.options.binary,
        [
          '-a',
          HOST,
          '-p',
          String(port),
          '-js',
          '-sd',
          this.natsDir,
          '-P',
          this.pidFile,
          '--server_name',
          SERVER_NAME,
        ],
        { detached: true, stdio: ['ignore', log, log] },
      );
      // An `error` event (e.g. EACCES) is turned into a start failure by waitUntilReady.
      child.on('error', () => undefined);
      return child;
    } finally {
      closeSync(log);
    }
  }

  private async waitUntilReady(child: ChildProcess, port: number): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 10_000;
    const deadline = Date.now() + timeoutMs;
    let spawnError: Error | undefined;
    child.once('error', (error) => (spawnError = error));
    for (;;) {
      if (spawnError) throw this.failure(`could not be executed: ${spawnError.message}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        const how = child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
        throw this.failure(`exited with ${how} before accepting connections on ${HOST}:${port}`);
      }
      const info = await probeNats(HOST, port, 500);
      if (info) {
        if (info.jetstream) return;
        throw this.failure(`answers on ${HOST}:${port} but JetStream is not enabled`);
      }
      if (Date.now() >= deadline) {
        throw this.failure(`did not accept connections on ${HOST}:${port} within ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }

  /** A server recorded in this data directory by an earlier start, when it is still healthy. */
  private async reuseRecordedServer(): Promise<LaunchedNatsServer | undefined> {
    const pid = readNumber(this.pidFile);
    const port = readNumber(this.portFile);
    if (pid === undefined) {
      this.clearRecord();
      return undefined;
    }
    if (!this.isOurServer(pid)) {
      this.clearRecord();
      return undefined;
    }
    const info = port === undefined ? undefined : await probeNats(HOST, port, 1_000);
    if (port !== undefined && info?.jetstream) {
      this.logger.warn(
        `Reusing nats-server (pid ${pid}) on ${HOST}:${port} already running in ${this.natsDir}; ` +
          'it was left by an earlier start or another app and will keep running after this process exits.',
      );
      return {
        url: `nats://${HOST}:${port}`,
        port,
        pid,
        owned: false,
        logFile: this.logFile,
        stop: async () => undefined,
      };
    }
    // Alive but unusable (not answering, or JetStream off): it still holds the store, so stop it.
    this.logger.warn(`Stopping unresponsive nats-server (pid ${pid}) left in ${this.natsDir}`);
    await terminateProcess(pid, this.stopTimeoutMs);
    this.clearRecord();
    return undefined;
  }

  /** Alive, and (where the OS tells) a nats-server using this store: pids get recycled. */
  private isOurServer(pid: number): boolean {
    if (!isProcessAlive(pid)) return false;
    const argv = commandLineOf(pid);
    if (argv === undefined) return true;
    return argv.some((arg) => arg.endsWith('nats-server')) && argv.includes(this.natsDir);
  }

  private rotateLog(): void {
    if (existsSync(this.logFile)) renameSync(this.logFile, `${this.logFile}.1`);
  }

  private clearRecord(): void {
    rmSync(this.pidFile, { force: true });
    rmSync(this.portFile, { force: true });
  }

  private failure(what: string): SwitchboardError {
    const tail = logTail(this.logFile, LOG_TAIL_LINES);
    const log = tail ? `\nLast lines of ${this.logFile}:\n${tail}` : ` (${this.logFile} is empty)`;
    return SwitchboardError.permanent(`nats-server ${this.options.binary} ${what}.${log}`);
  }
}

function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function logTail(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lines)
      .map((line) => `  | ${line}`)
      .join('\n');
  } catch {
    return '';
  }
}

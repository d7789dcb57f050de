import { randomUUID } from 'node:crypto';
import {
  bindConnector,
  MemoryStateStore,
  type ConnectorDefinition,
  type ConnectorInstance,
  type ConnectorInstanceOptions,
  type ConnectorLogger,
  type ConnectorManifest,
  type ConnectorStateStore,
} from '@switchboard/connector-sdk';
import { ConformanceFailure, show } from '../conformance-failure';
import type { ConformanceSetup, ConnectorConformanceOptions } from '../conformance-options';
import { ExposureJournal, type ExposureChannel } from './exposure-journal';
import { maskSecrets, secretSpellings, type SecretSpelling } from './secret-spellings';

/** The options with their type parameters erased: what the checks work with. */
export type ErasedOptions = ConnectorConformanceOptions<object, unknown, ConformanceSetup>;

/** How a check binds an instance; anything left out comes from `setup()`. */
export interface BindOverrides {
  config?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  state?: ConnectorStateStore;
  http?: ConnectorInstanceOptions['http'];
}

const TAIL_LINES = 15;

/**
 * The state of one conformance run: the setup, one instance id (so idempotency markers match
 * across bindings), and the journal of everything connectors let out, for the secrets check.
 */
export class ConformanceHarness {
  readonly journal = new ExposureJournal();
  readonly tenantId = 'conformance';
  readonly instanceId = randomUUID();
  #setup?: ConformanceSetup;
  #badSecrets?: Record<string, unknown>;

  constructor(readonly options: ErasedOptions) {}

  get connector(): ConnectorDefinition<object, unknown> {
    return this.options.connector;
  }

  get manifest(): ConnectorManifest {
    return this.options.connector.manifest;
  }

  /** What `setup()` returned; a check that runs without it fails saying so. */
  get setup(): ConformanceSetup {
    if (!this.#setup)
      throw new ConformanceFailure('setup() has not completed: see the error of the setup hook');
    return this.#setup;
  }

  get badSecrets(): Record<string, unknown> {
    this.#badSecrets ??= this.options.badSecrets(this.setup);
    return this.#badSecrets;
  }

  async start(): Promise<void> {
    const setup = await this.options.setup();
    const isRecord = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!isRecord(setup?.config) || !isRecord(setup?.secrets)) {
      throw new ConformanceFailure('setup() must resolve with { config: {…}, secrets: {…} } (plain objects)');
    }
    this.#setup = setup;
  }

  async stop(): Promise<void> {
    await this.#setup?.teardown?.();
  }

  /** Every spelling of every secret the run used; empty before setup. */
  spellings(): SecretSpelling[] {
    if (!this.#setup) return [];
    return secretSpellings({
      manifest: this.manifest,
      config: this.#setup.config,
      secretSets: [this.#setup.secrets, this.badSecrets],
    });
  }

  /**
   * Runs a check body with a scope that binds instances and records what they let out. A
   * failure comes back as a {@link ConformanceFailure} with secrets masked and the tail of the
   * connector's log; an error the connector threw is recorded for the secrets check first.
   */
  async run(title: string, body: (scope: CheckScope) => Promise<void>): Promise<void> {
    const scope = new CheckScope(this, title);
    try {
      await body(scope);
    } catch (error) {
      if (!(error instanceof ConformanceFailure)) scope.record('error', 'thrown error', error);
      const spellings = this.spellings();
      const message =
        error instanceof ConformanceFailure
          ? error.message
          : `The connector (or a callback of the spec) threw: ${show(error, 1000)}`;
      const tail = scope.logTail(TAIL_LINES);
      throw new ConformanceFailure(
        maskSecrets(
          tail.length > 0 ? `${message}\n\nConnector log (last lines):\n${tail.join('\n')}` : message,
          spellings,
        ),
      );
    } finally {
      await scope.close();
    }
  }
}

/** What one check binds and sees. */
export class CheckScope {
  /** Errors the `check` hook threw (it must resolve, whatever happens). */
  readonly checkThrows: unknown[] = [];
  readonly #instances: ConnectorInstance<object>[] = [];
  // Every instance of the check shares one signal, aborted when the check ends: what the runtime
  // does when it unloads an instance, so connectors that hold connections (LDAP) release them.
  readonly #abort = new AbortController();
  readonly #logLines: string[] = [];

  constructor(
    readonly harness: ConformanceHarness,
    readonly title: string,
  ) {}

  get setup(): ConformanceSetup {
    return this.harness.setup;
  }

  /** Records something the connector let out, for the secrets check. */
  record(channel: ExposureChannel, what: string, value: unknown): void {
    this.harness.journal.record({ check: this.title, channel, what, value });
  }

  /**
   * Binds the connector to an instance the way the runtime does (`bindConnector`), with a
   * logger that records every line. Fails the check when the config does not validate.
   */
  bind(overrides: BindOverrides = {}): ConnectorInstance<object> {
    const bound = bindConnector(this.instrumented(), {
      tenantId: this.harness.tenantId,
      instanceId: this.harness.instanceId,
      config: overrides.config ?? this.setup.config,
      secrets: overrides.secrets ?? this.setup.secrets,
      logger: this.capturingLogger(),
      state: overrides.state ?? new MemoryStateStore(),
      signal: this.#abort.signal,
      http: overrides.http,
    });
    if (!bound.ok) {
      throw new ConformanceFailure(
        `The connector refused the instance config: ${bound.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      );
    }
    this.#instances.push(bound.instance);
    return bound.instance;
  }

  /** The last `count` log lines of this check, as text. */
  logTail(count: number): string[] {
    return this.#logLines.slice(-count);
  }

  /**
   * Aborts the instances' signal and closes their HTTP clients (sockets would keep Jest alive).
   */
  async close(): Promise<void> {
    this.#abort.abort();
    if (!this.harness.connector.hooks.http) return;
    await Promise.all(this.#instances.map((instance) => instance.context.http.close()));
  }

  /** The connector with its `check` hook watched for throws (the engine would hide them). */
  private instrumented(): ConnectorDefinition<object, unknown> {
    const { manifest, hooks } = this.harness.connector;
    const throws = this.checkThrows;
    return {
      manifest,
      hooks: {
        ...hooks,
        async check(ctx) {
          try {
            return await hooks.check(ctx);
          } catch (error) {
            throws.push(error);
            throw error;
          }
        },
      },
    };
  }

  private capturingLogger(): ConnectorLogger {
    const line =
      (level: keyof ConnectorLogger) =>
      (message: string, fields?: Record<string, unknown>): void => {
        this.record('log', `${level} log "${message}"`, { message, fields });
        this.#logLines.push(`  ${level} ${message}${fields ? ` ${show(fields, 400)}` : ''}`);
      };
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }
}

import type {
  BUS_MODES,
  EVT_RETENTIONS,
  LOG_FORMATS,
  LOG_LEVELS,
  SQLITE_SYNC_MODES,
} from './environment-variables.dto';
import { redactUrlCredentials } from './redaction';

export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
export type BusMode = (typeof BUS_MODES)[number];
export type EvtRetention = (typeof EVT_RETENTIONS)[number];
export type SqliteSyncMode = (typeof SQLITE_SYNC_MODES)[number];

export interface HttpConfig {
  readonly host: string;
  /** 0 = the operating system picks a free port (read the bound port from the server). */
  readonly port: number;
}

export interface BusConfig {
  readonly mode: BusMode;
  /** From `NATS_URL`; undefined = launch or fall back (see `mode`). May contain credentials. */
  readonly natsServers?: readonly string[];
  /** From `NATS_SERVER_BIN`: the only executable tried when set. */
  readonly natsServerBin?: string;
  /** Where to look for `nats-server` when `natsServerBin` is unset: `PATH`, then /usr/sbin, /usr/local/bin. */
  readonly natsServerSearchPath: readonly string[];
  /** Per-stream retention; max age 0 = unlimited. */
  readonly streams: {
    readonly EVT: { readonly maxAgeMs: number; readonly retention: EvtRetention };
    readonly CMD: { readonly maxAgeMs: number };
    readonly DLQ: { readonly maxAgeMs: number };
  };
  readonly duplicateWindowMs: number;
}

export interface SwitchboardConfigProps {
  readonly http: HttpConfig;
  /** Absolute path. */
  readonly dataDir: string;
  readonly tenant: string;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  /** `url` undefined = SQLite in `dataDir`; `sqliteSync`: when SQLite syncs a commit to disk. */
  readonly database: { readonly url?: string; readonly sqliteSync: SqliteSyncMode };
  readonly bus: BusConfig;
  /** Both validated for format only; never log them (`toJSON()` hides them). */
  readonly security: { readonly masterKey?: string; readonly adminKey?: string };
  readonly shutdownTimeoutMs: number;
  /** Non-fatal findings at load time (e.g. an unknown `SWITCHBOARD_*` variable); the app logs them at start. */
  readonly warnings: readonly string[];
}

/**
 * The validated, typed and frozen configuration of one process. Built once by `loadConfig` and
 * injected by class token: `constructor(private readonly config: SwitchboardConfig)`.
 */
export class SwitchboardConfig implements SwitchboardConfigProps {
  readonly http!: HttpConfig;
  readonly dataDir!: string;
  readonly tenant!: string;
  readonly log!: SwitchboardConfigProps['log'];
  readonly database!: SwitchboardConfigProps['database'];
  readonly bus!: BusConfig;
  readonly security!: SwitchboardConfigProps['security'];
  readonly shutdownTimeoutMs!: number;
  readonly warnings!: readonly string[];

  constructor(props: SwitchboardConfigProps) {
    Object.assign(this, structuredClone(props));
    deepFreeze(this);
  }

  /** A copy safe to log: keys hidden, passwords removed from URLs. */
  toJSON(): SwitchboardConfigProps {
    return {
      ...this,
      database: { ...this.database, url: this.database.url && redactUrlCredentials(this.database.url) },
      bus: { ...this.bus, natsServers: this.bus.natsServers?.map(redactUrlCredentials) },
      security: {
        masterKey: this.security.masterKey === undefined ? undefined : '[REDACTED]',
        adminKey: this.security.adminKey === undefined ? undefined : '[REDACTED]',
      },
    };
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

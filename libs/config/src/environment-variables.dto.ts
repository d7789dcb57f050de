import { IsIn, IsNotEmpty, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { ConfigVariable } from './config-variable.decorator';
import {
  IsDatabaseUrl,
  IsDurationText,
  IsListenHost,
  IsMasterKey,
  IsNatsUrlList,
  IsPortText,
} from './validation/env-validators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export const BUS_MODES = ['auto', 'nats', 'memory'] as const;
export const EVT_RETENTIONS = ['limits', 'interest'] as const;
export const SQLITE_SYNC_MODES = ['normal', 'full'] as const;
export const ADMIN_KEY_MIN_LENGTH = 32;

/**
 * Every environment variable the hub reads, as raw text. Each property is validated by
 * class-validator and documented by `@ConfigVariable`; `loadConfig` turns the validated text into
 * the typed {@link SwitchboardConfig}. Add a variable here and it is validated, redacted when
 * sensitive, listed in the README table (a unit test checks) and known to the typo warning.
 */
export class EnvironmentVariables {
  @ConfigVariable({
    group: 'http',
    description: 'HTTP port of the admin API, webhook ingress, health and metrics endpoints.',
    default: '8080',
    expected: 'an integer from 0 to 65535 (0 = any free port)',
  })
  @IsPortText()
  SWITCHBOARD_PORT!: string;

  @ConfigVariable({
    group: 'http',
    description:
      'Interface the HTTP server binds to. Loopback by default so a fresh install is not reachable from the network before an admin has set it up; use `0.0.0.0` in containers and production.',
    default: '127.0.0.1',
    expected: 'an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0',
  })
  @IsListenHost()
  SWITCHBOARD_HOST!: string;

  @ConfigVariable({
    group: 'storage',
    description:
      'Directory for local state: the SQLite database and the store of the nats-server the hub starts. Relative paths resolve against the working directory.',
    default: './data',
    expected: 'a directory path',
  })
  @IsNotEmpty()
  SWITCHBOARD_DATA_DIR!: string;

  @ConfigVariable({
    group: 'storage',
    description:
      'Database URL: `postgres://user:password@host:5432/db` for PostgreSQL, or `sqlite:/path/file.sqlite`. Unset = SQLite `switchboard.sqlite` in the data directory.',
    expected: 'a postgres:// or postgresql:// URL, or sqlite:/path/to/file.sqlite',
    sensitive: true,
  })
  @IsOptional()
  @IsDatabaseUrl()
  DATABASE_URL?: string;

  @ConfigVariable({
    group: 'storage',
    description:
      'When SQLite writes a commit through to the disk. `full`: at every commit (one fsync per group of transactions that queued up together), so a committed change survives a power cut. `normal`: at checkpoints; it survives a crash or kill of the process, not a power cut (about 5% faster here). PostgreSQL follows its own `synchronous_commit`.',
    default: 'full',
    expected: `one of ${SQLITE_SYNC_MODES.join(', ')}`,
    caseInsensitive: true,
  })
  @IsIn(SQLITE_SYNC_MODES)
  SWITCHBOARD_SQLITE_SYNC!: string;

  @ConfigVariable({
    group: 'bus',
    description:
      'NATS server(s) with JetStream. Unset = start `nats-server` from the PATH on a free loopback port, else fall back to the in-process bus (not durable).',
    expected: 'nats:// or tls:// URLs, comma-separated, e.g. nats://user:pass@nats-1:4222,nats://nats-2:4222',
    sensitive: true,
  })
  @IsOptional()
  @IsNatsUrlList()
  NATS_URL?: string;

  @ConfigVariable({
    group: 'bus',
    description:
      'The `nats-server` executable to start when `NATS_URL` is unset. Unset = search the PATH, then /usr/sbin and /usr/local/bin.',
    expected: 'a path to the nats-server executable',
  })
  @IsOptional()
  @IsNotEmpty()
  NATS_SERVER_BIN?: string;

  @ConfigVariable({
    group: 'bus',
    description:
      '`auto`: NATS_URL, else a launched nats-server, else the in-process bus with a warning. `nats`: never fall back, fail the start instead. `memory`: in-process bus only (tests, demos).',
    default: 'auto',
    expected: `one of ${BUS_MODES.join(', ')}`,
    caseInsensitive: true,
  })
  @IsIn(BUS_MODES)
  SWITCHBOARD_BUS!: string;

  @ConfigVariable({
    group: 'bus',
    description: 'How long the EVT stream keeps events for replay.',
    default: '7d',
    expected: 'a duration such as 7d, 12h, 30m or 1h30m; 0 = unlimited',
  })
  @IsDurationText(true)
  SWITCHBOARD_EVT_MAX_AGE!: string;

  @ConfigVariable({
    group: 'bus',
    description: 'How long an undelivered command stays in the CMD stream.',
    default: '7d',
    expected: 'a duration such as 7d, 12h, 30m or 1h30m; 0 = unlimited',
  })
  @IsDurationText(true)
  SWITCHBOARD_CMD_MAX_AGE!: string;

  @ConfigVariable({
    group: 'bus',
    description: 'How long dead-lettered messages stay in the DLQ stream for inspection and replay.',
    default: '30d',
    expected: 'a duration such as 30d, 12h or 30m; 0 = unlimited',
  })
  @IsDurationText(true)
  SWITCHBOARD_DLQ_MAX_AGE!: string;

  @ConfigVariable({
    group: 'bus',
    description:
      'JetStream de-duplication window: a re-sent event id inside it is stored once. Must not exceed any non-zero max age.',
    default: '2m',
    expected: 'a positive duration such as 2m or 10m',
  })
  @IsDurationText(false)
  SWITCHBOARD_DUPLICATE_WINDOW!: string;

  @ConfigVariable({
    group: 'bus',
    description:
      'EVT stream retention: `limits` keeps events until max age (replayable); `interest` drops them once every consumer has acked.',
    default: 'limits',
    expected: `one of ${EVT_RETENTIONS.join(', ')}`,
    caseInsensitive: true,
  })
  @IsIn(EVT_RETENTIONS)
  SWITCHBOARD_EVT_RETENTION!: string;

  @ConfigVariable({
    group: 'security',
    description:
      'Master key: encrypts connector secrets and the audit trail signing key at rest (AES-256-GCM). Unset = generated into `<data dir>/master.key` (mode 0600) with a warning: back that file up, or set this in production. Rotate with `npm run secrets:reencrypt`.',
    expected: '32 random bytes as 64 hex characters or as base64 (e.g. `openssl rand -base64 32`)',
    sensitive: true,
  })
  @IsOptional()
  @IsMasterKey()
  SWITCHBOARD_MASTER_KEY?: string;

  @ConfigVariable({
    group: 'security',
    description:
      'Bootstrap admin API key (`sbk_<prefix>_<secret>`), stored as the admin key on a start that finds the tenant without one; ignored once one exists. Unset = a key is generated and printed once on stdout.',
    // Only length and spaces are checked here; the admin module refuses a non-`sbk_` value at start.
    expected: 'an API key: `sbk_<8 lower-case letters or digits>_<43 base64url characters>`',
    sensitive: true,
  })
  @IsOptional()
  @MinLength(ADMIN_KEY_MIN_LENGTH)
  @Matches(/^\S+$/)
  SWITCHBOARD_ADMIN_KEY?: string;

  @ConfigVariable({
    group: 'security',
    description: 'Tenant id of this installation; part of every bus subject (`evt.<tenant>.…`).',
    default: 'default',
    expected:
      'lower-case letters, digits, `-` and `_`, starting with a letter or digit, at most 63 characters',
  })
  @Matches(/^[a-z0-9][a-z0-9_-]*$/)
  @MaxLength(63)
  SWITCHBOARD_TENANT!: string;

  @ConfigVariable({
    group: 'logging',
    description: 'Minimum log level.',
    default: 'info',
    expected: `one of ${LOG_LEVELS.join(', ')}`,
    caseInsensitive: true,
  })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL!: string;

  @ConfigVariable({
    group: 'logging',
    description: '`auto`: human-readable when stdout is a terminal, JSON lines otherwise.',
    default: 'auto',
    expected: `one of ${LOG_FORMATS.join(', ')}`,
    caseInsensitive: true,
  })
  @IsIn(LOG_FORMATS)
  LOG_FORMAT!: string;

  @ConfigVariable({
    group: 'lifecycle',
    description:
      'On SIGTERM, SIGINT or SIGHUP: how long to wait for in-flight work (HTTP requests, bus handlers) before exiting anyway with code 1.',
    default: '30s',
    expected: 'a positive duration such as 30s or 2m',
  })
  @IsDurationText(false)
  SWITCHBOARD_SHUTDOWN_TIMEOUT!: string;
}

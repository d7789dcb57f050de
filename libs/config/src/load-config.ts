import { delimiter, resolve } from 'node:path';
import { validateSync } from 'class-validator';
import { getConfigVariables, type ConfigVariableMetadata } from './config-variable.decorator';
import { ConfigValidationError, type InvalidVariable } from './config-validation.error';
import { EnvironmentVariables } from './environment-variables.dto';
import { redactSensitiveValue } from './redaction';
import {
  SwitchboardConfig,
  type BusMode,
  type EvtRetention,
  type LogFormat,
  type LogLevel,
  type SqliteSyncMode,
} from './switchboard-config';
import { formatDuration, parseDuration } from './validation/duration';

/** Searched after `PATH`: Debian installs `nats-server` in /usr/sbin, which is not on a user's PATH. */
export const EXTRA_NATS_SERVER_DIRS: readonly string[] = ['/usr/sbin', '/usr/local/bin'];

const OWN_PREFIX = 'SWITCHBOARD_';

export interface LoadConfigOptions {
  /** Base for a relative `SWITCHBOARD_DATA_DIR` (default: the working directory). */
  cwd?: string;
}

/**
 * Reads, validates and freezes the configuration. Pure: same environment, same result; nothing
 * is logged (warnings are returned in `config.warnings`).
 *
 * @throws ConfigValidationError listing every invalid variable, with sensitive values redacted.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: LoadConfigOptions = {},
): SwitchboardConfig {
  const variables = getConfigVariables(EnvironmentVariables);
  const raw = readRaw(env, variables);

  const invalid: InvalidVariable[] = [];
  const failed = new Set<string>();
  for (const error of validateSync(raw, { forbidUnknownValues: true })) {
    const meta = variables.find((v) => v.name === error.property);
    if (!meta) continue;
    failed.add(meta.name);
    invalid.push({ name: meta.name, shown: show(meta, error.value), expected: meta.expected });
  }
  invalid.push(...crossFieldProblems(raw, variables, failed));
  const warnings = unknownVariableWarnings(env, variables);
  if (invalid.length > 0) throw new ConfigValidationError(invalid, warnings);

  const ms = (text: string): number => parseDuration(text) as number;
  return new SwitchboardConfig({
    http: { host: raw.SWITCHBOARD_HOST, port: Number(raw.SWITCHBOARD_PORT) },
    dataDir: resolve(options.cwd ?? process.cwd(), raw.SWITCHBOARD_DATA_DIR),
    tenant: raw.SWITCHBOARD_TENANT,
    log: { level: raw.LOG_LEVEL as LogLevel, format: raw.LOG_FORMAT as LogFormat },
    database: { url: raw.DATABASE_URL, sqliteSync: raw.SWITCHBOARD_SQLITE_SYNC as SqliteSyncMode },
    bus: {
      mode: raw.SWITCHBOARD_BUS as BusMode,
      natsServers: raw.NATS_URL?.split(',').map((url) => url.trim()),
      natsServerBin: raw.NATS_SERVER_BIN,
      natsServerSearchPath: searchPath(env.PATH),
      streams: {
        EVT: {
          maxAgeMs: ms(raw.SWITCHBOARD_EVT_MAX_AGE),
          retention: raw.SWITCHBOARD_EVT_RETENTION as EvtRetention,
        },
        CMD: { maxAgeMs: ms(raw.SWITCHBOARD_CMD_MAX_AGE) },
        DLQ: { maxAgeMs: ms(raw.SWITCHBOARD_DLQ_MAX_AGE) },
      },
      duplicateWindowMs: ms(raw.SWITCHBOARD_DUPLICATE_WINDOW),
    },
    security: { masterKey: raw.SWITCHBOARD_MASTER_KEY, adminKey: raw.SWITCHBOARD_ADMIN_KEY },
    shutdownTimeoutMs: ms(raw.SWITCHBOARD_SHUTDOWN_TIMEOUT),
    warnings,
  });
}

/** Trimmed values with defaults applied; an empty value counts as unset (`FOO=` in a .env file). */
function readRaw(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly ConfigVariableMetadata[],
): EnvironmentVariables {
  const raw = new EnvironmentVariables();
  const target = raw as unknown as Record<string, string | undefined>;
  for (const meta of variables) {
    let value = env[meta.name]?.trim();
    if (value === '') value = undefined;
    value ??= meta.default;
    if (value !== undefined && meta.caseInsensitive) value = value.toLowerCase();
    target[meta.name] = value;
  }
  return raw;
}

/** Rules that relate two variables; only checked when both passed their own rule. */
function crossFieldProblems(
  raw: EnvironmentVariables,
  variables: readonly ConfigVariableMetadata[],
  failed: ReadonlySet<string>,
): InvalidVariable[] {
  const window = 'SWITCHBOARD_DUPLICATE_WINDOW';
  if (failed.has(window)) return [];
  const windowMs = parseDuration(raw.SWITCHBOARD_DUPLICATE_WINDOW) as number;
  // JetStream rejects a stream whose duplicate window is longer than its max age.
  const tooLong = (['SWITCHBOARD_EVT_MAX_AGE', 'SWITCHBOARD_CMD_MAX_AGE', 'SWITCHBOARD_DLQ_MAX_AGE'] as const)
    .filter((name) => !failed.has(name))
    .map((name) => ({ name, maxAgeMs: parseDuration(raw[name]) as number }))
    .filter(({ maxAgeMs }) => maxAgeMs > 0 && maxAgeMs < windowMs);
  if (tooLong.length === 0) return [];
  const meta = variables.find((v) => v.name === window) as ConfigVariableMetadata;
  const limits = tooLong.map(({ name, maxAgeMs }) => `${name}=${formatDuration(maxAgeMs)}`).join(', ');
  return [
    {
      name: window,
      shown: show(meta, raw.SWITCHBOARD_DUPLICATE_WINDOW),
      expected: `a duration no longer than every non-zero max age (${limits})`,
    },
  ];
}

function show(meta: ConfigVariableMetadata, value: unknown): string {
  if (typeof value !== 'string') return 'nothing';
  return meta.sensitive ? redactSensitiveValue(value) : JSON.stringify(value);
}

function searchPath(pathVariable: string | undefined): string[] {
  const dirs = (pathVariable ?? '').split(delimiter).filter((dir) => dir !== '');
  return [...new Set([...dirs, ...EXTRA_NATS_SERVER_DIRS])];
}

/** A `SWITCHBOARD_*` variable we do not know is almost always a typo of one we do. */
function unknownVariableWarnings(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly ConfigVariableMetadata[],
): string[] {
  const known = variables.map((v) => v.name);
  return Object.keys(env)
    .filter((name) => name.startsWith(OWN_PREFIX) && !known.includes(name))
    .sort()
    .map((name) => {
      const closest = closestName(name, known);
      const hint = closest ? ` (did you mean ${closest}?)` : '';
      return `Unknown environment variable ${name}${hint} is ignored.`;
    });
}

function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = levenshtein(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= 3 ? best.name : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

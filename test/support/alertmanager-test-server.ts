import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findExecutable,
  freePort,
  LOOPBACK,
  removeDir,
  spawnLogged,
  waitFor,
  withPortRetry,
  type LoggedProcess,
} from './test-process';

const ENSURE_SCRIPT = 'test/env/ensure-alertmanager.sh';

/** How Alertmanager authenticates to the webhook receiver (the receiver's `http_config`). */
export type AlertmanagerWebhookAuth =
  { type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string };

export interface AlertmanagerTestServerOptions {
  /** Where Alertmanager POSTs its notifications: start the receiving HTTP server first. */
  webhookUrl: string;
  auth?: AlertmanagerWebhookAuth;
  /** Wait before the first notification of a new group (default `1s`). */
  groupWait?: string;
  /** Wait between notifications for a group that changed, e.g. resolved (default `2s`). */
  groupInterval?: string;
  /** Re-send an unchanged firing group after this long (default `1h`: never, in a test). */
  repeatInterval?: string;
  /** Labels that split alerts into notification groups (default `['alertname', 'instance']`). */
  groupBy?: string[];
}

/** An alert as posted to `POST /api/v2/alerts`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339; Alertmanager uses "now" when missing. */
  startsAt?: string;
  /** RFC 3339; a time in the past resolves the alert. */
  endsAt?: string;
  generatorURL?: string;
}

/** An alert as listed by `GET /api/v2/alerts`. */
export interface AlertmanagerAlert extends Required<Omit<PostableAlert, 'generatorURL'>> {
  fingerprint: string;
  generatorURL?: string;
  updatedAt: string;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
  receivers: { name: string }[];
}

/** A silence as listed by `GET /api/v2/silences`. */
export interface AlertmanagerSilence {
  id: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

/** A private Alertmanager; see {@link startAlertmanagerTestServer}. */
export interface AlertmanagerTestServer {
  /** `http://127.0.0.1:<port>`; the API is under `/api/v2`. */
  readonly url: string;
  readonly port: number;
  /** The alertmanager.yml it runs with (JSON, which is YAML). */
  readonly configFile: string;
  readonly logFile: string;
  /** The name of the one receiver, as it appears in webhook payloads (`receiver`). */
  readonly receiver: string;
  /** Injects alerts (`POST /api/v2/alerts`), as Prometheus would. */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** Resolves alerts: posts the same labels again with `endsAt` now. */
  resolveAlerts(alerts: Pick<PostableAlert, 'labels' | 'annotations'>[]): Promise<void>;
  /** The alerts Alertmanager holds (`GET /api/v2/alerts`), optionally filtered, e.g. `['alertname="X"']`. */
  listAlerts(filter?: string[]): Promise<AlertmanagerAlert[]>;
  /** Every silence (`GET /api/v2/silences`). */
  listSilences(): Promise<AlertmanagerSilence[]>;
  /** Kills Alertmanager and removes its temp dir; idempotent. */
  stop(): Promise<void>;
}

const RECEIVER = 'switchboard-webhook';

/**
 * Starts a private Prometheus Alertmanager (Debian's `prometheus-alertmanager`) in a temp dir on a
 * random loopback port, with one webhook receiver (`send_resolved: true`) pointing at `webhookUrl`
 * and no cluster gossip port, and waits until it is ready. With the defaults the first webhook
 * arrives 1-3 s after an alert is posted; a resolved one up to `groupInterval` after resolving
 * (Alertmanager only sends "resolved" for alerts it already notified as firing).
 * `bash test/env/ensure-alertmanager.sh` installs it.
 */
export async function startAlertmanagerTestServer(
  options: AlertmanagerTestServerOptions,
): Promise<AlertmanagerTestServer> {
  const binary = findExecutable('prometheus-alertmanager', ENSURE_SCRIPT);
  const dir = mkdtempSync(join(tmpdir(), 'sb-alertmanager-'));
  try {
    const configFile = join(dir, 'alertmanager.yml');
    writeFileSync(configFile, `${JSON.stringify(alertmanagerConfig(options), null, 2)}\n`);
    mkdirSync(join(dir, 'data'));
    const { server, port } = await withPortRetry(() => launch(binary, dir, configFile));
    const url = `http://${LOOPBACK}:${port}`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      configFile,
      logFile: server.logFile,
      receiver: RECEIVER,
      postAlerts: (alerts) => postAlerts(url, alerts),
      resolveAlerts: (alerts) => {
        const now = new Date().toISOString();
        return postAlerts(
          url,
          alerts.map((alert) => ({ ...alert, endsAt: now })),
        );
      },
      listAlerts: async (filter = []) => {
        const query = filter.map((matcher) => `filter=${encodeURIComponent(matcher)}`).join('&');
        return getJson<AlertmanagerAlert[]>(`${url}/api/v2/alerts${query ? `?${query}` : ''}`);
      },
      listSilences: () => getJson<AlertmanagerSilence[]>(`${url}/api/v2/silences`),
      stop: () => {
        stopping ??= server.stop().finally(() => removeDir(dir));
        return stopping;
      },
    };
  } catch (error) {
    removeDir(dir);
    throw error;
  }
}

function alertmanagerConfig(options: AlertmanagerTestServerOptions): object {
  const auth = options.auth;
  const httpConfig =
    auth === undefined
      ? undefined
      : auth.type === 'basic'
        ? { basic_auth: { username: auth.username, password: auth.password } }
        : { authorization: { type: 'Bearer', credentials: auth.token } };
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: RECEIVER,
      group_by: options.groupBy ?? ['alertname', 'instance'],
      group_wait: options.groupWait ?? '1s',
      group_interval: options.groupInterval ?? '2s',
      repeat_interval: options.repeatInterval ?? '1h',
    },
    receivers: [
      {
        name: RECEIVER,
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            max_alerts: 0,
            ...(httpConfig && { http_config: httpConfig }),
          },
        ],
      },
    ],
  };
}

async function launch(
  binary: string,
  dir: string,
  configFile: string,
): Promise<{ server: LoggedProcess; port: number }> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const server = spawnLogged(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${LOOPBACK}:${port}`,
      `--web.external-url=${url}`,
      // No gossip: a second Alertmanager would otherwise clash on the fixed cluster port 9094.
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    { logFile: join(dir, 'alertmanager.log'), onExit: () => removeDir(dir) },
  );
  try {
    await waitFor(
      `Alertmanager on ${url}`,
      async () =>
        (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(5_000) })).ok ? true : undefined,
      { server, timeoutMs: 30_000 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, port };
}

async function postAlerts(url: string, alerts: PostableAlert[]): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!response.ok) {
    throw new Error(`POST ${url}/api/v2/alerts: HTTP ${response.status} ${await response.text()}`);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

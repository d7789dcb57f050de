import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
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

const run = promisify(execFile);
const ENSURE_SCRIPT = 'test/env/ensure-redmine.sh';
const TEMPLATE_SCRIPT = join(__dirname, '..', 'env', 'redmine-template.sh');
/** Debian's Redmine code; it serves instance NAME from `instances/NAME` (= /var/lib/redmine/NAME). */
const REDMINE_APP = '/usr/share/redmine';
const INSTANCES_DIR = join(REDMINE_APP, 'instances');
/** Instance names (symlinks in INSTANCES_DIR) made by this helper and the template script. */
const INSTANCE_PREFIX = 'sbtest-';

/** What test/env/redmine/seed.rb puts in every test server's database. */
export const REDMINE_TEST_SEED = {
  adminLogin: 'admin',
  adminPassword: 'Admin-Testbed-1',
  adminApiKey: 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0',
  hubLogin: 'hub',
  hubPassword: 'Hub-Testbed-1',
  hubApiKey: 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1',
  projectIdentifier: 'itsm',
  projectId: 1,
  /** Issue custom field "External ID" (filter `cf_1=VALUE`). */
  externalIdFieldId: 1,
  /** Redmine's default data in English. */
  trackers: { bug: 1, feature: 2, support: 3 },
  statuses: { new: 1, inProgress: 2, resolved: 3, feedback: 4, closed: 5, rejected: 6 },
  priorities: { low: 1, normal: 2, high: 3, urgent: 4, immediate: 5 },
} as const;

/** A response from {@link RedmineTestServer.api}. */
export interface RedmineResponse<T> {
  status: number;
  /** The parsed JSON body; undefined when there is none (204) or it is not JSON. */
  body: T | undefined;
  text: string;
}

/** A private Redmine; see {@link startRedmineTestServer}. */
export interface RedmineTestServer {
  /** `http://127.0.0.1:<port>` (REST at `/issues.json` etc.; login required: send an API key). */
  readonly url: string;
  readonly port: number;
  /** Admin's API key (`X-Redmine-API-Key`). */
  readonly adminApiKey: string;
  /** The non-admin integration user `hub` (Manager in project `itsm`): what the hub should use. */
  readonly hubApiKey: string;
  readonly hubLogin: string;
  readonly hubPassword: string;
  readonly adminLogin: string;
  readonly adminPassword: string;
  /** `itsm` (project id 1, all trackers). */
  readonly projectIdentifier: string;
  /** The issue custom field `External ID` (1). */
  readonly externalIdFieldId: number;
  /** The instance dir: config, db, files, and log/ (thin.log, production.log). */
  readonly dir: string;
  readonly logFile: string;
  /**
   * One REST call: `api('POST', '/issues.json', { issue: {...} })`, as hub unless `apiKey` says
   * otherwise (`null` sends no key). Never throws for an HTTP status.
   */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    apiKey?: string | null,
  ): Promise<RedmineResponse<T>>;
  /** Kills the server and removes its instance dir; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a private Redmine 5 (Debian's `redmine` with SQLite, served by thin) on a random loopback
 * port, from a copy of the seeded template database (built once per machine by
 * test/env/redmine-template.sh: ~6-15 s the first time, instant after), and waits until its REST
 * API answers: ~2-4 s, ~160 MB of memory per server. See {@link REDMINE_TEST_SEED} for what is in it.
 * Redmine 5.0 sends no webhooks: tests poll it. `bash test/env/ensure-redmine.sh` installs it.
 *
 * Starting needs write access to /var/lib/redmine (root, as in CI), where each server gets a
 * symlink to its temp dir for as long as it runs.
 */
export async function startRedmineTestServer(): Promise<RedmineTestServer> {
  const thin = findExecutable('thin', ENSURE_SCRIPT);
  if (!existsSync(join(REDMINE_APP, 'config.ru'))) {
    throw new Error(`Redmine is not installed: run \`bash ${ENSURE_SCRIPT}\` first (as root)`);
  }
  removeStaleInstanceLinks();
  const template = await ensureTemplate();

  const dir = mkdtempSync(join(tmpdir(), 'sb-redmine-'));
  const instance = `${INSTANCE_PREFIX}${basename(dir)}`;
  const link = join(INSTANCES_DIR, instance);
  const cleanup = () => {
    rmSync(link, { force: true });
    removeDir(dir);
  };
  try {
    cpSync(template, dir, { recursive: true });
    try {
      symlinkSync(dir, link);
    } catch (error) {
      throw new Error(
        `cannot register the Redmine instance ${link} -> ${dir} (${(error as Error).message}): ` +
          'Debian serves Redmine instances only from there, so starting a test server needs write access (root)',
      );
    }
    const { server, port } = await withPortRetry(() => launch(thin, dir, instance, cleanup));
    const url = `http://${LOOPBACK}:${port}`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      adminApiKey: REDMINE_TEST_SEED.adminApiKey,
      hubApiKey: REDMINE_TEST_SEED.hubApiKey,
      hubLogin: REDMINE_TEST_SEED.hubLogin,
      hubPassword: REDMINE_TEST_SEED.hubPassword,
      adminLogin: REDMINE_TEST_SEED.adminLogin,
      adminPassword: REDMINE_TEST_SEED.adminPassword,
      projectIdentifier: REDMINE_TEST_SEED.projectIdentifier,
      externalIdFieldId: REDMINE_TEST_SEED.externalIdFieldId,
      dir,
      logFile: server.logFile,
      api: (method, path, body, apiKey = REDMINE_TEST_SEED.hubApiKey) =>
        callApi(url, method, path, body, apiKey),
      stop: () => {
        stopping ??= server.stop().finally(cleanup);
        return stopping;
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** The template dir, built first if needed (the script locks, so parallel suites build it once). */
async function ensureTemplate(): Promise<string> {
  try {
    const { stdout } = await run('bash', [TEMPLATE_SCRIPT], {
      env: redmineEnv(),
      timeout: 15 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const template = stdout.trim().split('\n').pop() ?? '';
    if (!existsSync(join(template, 'db', 'redmine.sqlite3'))) {
      throw new Error(`it printed ${JSON.stringify(stdout)}, which is no template`);
    }
    return template;
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : String(error);
    throw new Error(`building the Redmine template with ${TEMPLATE_SCRIPT} failed:\n${detail}`);
  }
}

async function launch(
  thin: string,
  dir: string,
  instance: string,
  cleanup: () => void,
): Promise<{ server: LoggedProcess; port: number }> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  // thin itself (not `rails server -u thin`) so the child is the server: one Ruby process less to boot.
  const server = spawnLogged(
    thin,
    ['start', '-a', LOOPBACK, '-p', String(port), '-e', 'production', '-R', 'config.ru'],
    {
      cwd: REDMINE_APP,
      env: { ...redmineEnv(), REDMINE_INSTANCE: instance },
      logFile: join(dir, 'log', 'thin.log'),
      onExit: cleanup,
    },
  );
  try {
    await waitFor(
      `Redmine on ${url}`,
      async () => {
        const response = await fetch(`${url}/users/current.json`, {
          headers: { 'X-Redmine-API-Key': REDMINE_TEST_SEED.adminApiKey },
          signal: AbortSignal.timeout(10_000),
        });
        return response.status === 200 ? true : undefined;
      },
      // Ruby boots Rails in ~2-4 s on an idle machine; much longer with both cores busy.
      { server, timeoutMs: 120_000, intervalMs: 200 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, port };
}

/**
 * The environment for Redmine's Ruby processes. DATABASE_URL must go: Rails prefers it to
 * database.yml, and the suites on PostgreSQL set it for the hub.
 */
function redmineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RAILS_ENV: 'production', REDMINE_LANG: 'en' };
  delete env.DATABASE_URL;
  delete env.BUNDLE_GEMFILE;
  return env;
}

/** Symlinks left by servers whose process was killed before it could clean up (their dir is gone). */
function removeStaleInstanceLinks(): void {
  let names: string[];
  try {
    names = readdirSync(INSTANCES_DIR).filter((name) => name.startsWith(INSTANCE_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const link = join(INSTANCES_DIR, name);
    try {
      if (lstatSync(link).isSymbolicLink() && !existsSync(link)) rmSync(link, { force: true });
    } catch {
      // Another suite removed it first.
    }
  }
}

async function callApi<T>(
  url: string,
  method: string,
  path: string,
  body: unknown,
  apiKey: string | null,
): Promise<RedmineResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (apiKey !== null) headers['X-Redmine-API-Key'] = apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: T | undefined;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as T);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

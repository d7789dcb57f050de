import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bindConnector,
  MemoryStateStore,
  type ConnectorInstance,
  type ConnectorLogger,
  type ConnectorStateStore,
} from '@switchboard/connector-sdk';
import { redmineConnector } from '../redmine.connector';
import type { RedmineConfig } from '../redmine.config';

// Shared by the connector's specs: the captured fixtures and an instance bound the way the
// runtime binds one.

const FIXTURES = join(__dirname, '..', 'fixtures');

/** An API key for specs: distinctive, so a leak shows. */
export const SPEC_API_KEY = 'c2c2c2c2-spec-redmine-key-5f9a1e';

/** `fixtures/<path>` parsed, e.g. `api/issue-with-journals.json`. */
export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as T;
}

/** Binds the connector like the runtime does; throws on a bad config. */
export function bindRedmine(options: {
  baseUrl: string;
  instanceId?: string;
  config?: Partial<Record<keyof RedmineConfig, unknown>>;
  apiKey?: string;
  state?: ConnectorStateStore;
  now?: () => Date;
  logger?: ConnectorLogger;
}): ConnectorInstance<RedmineConfig> {
  const bound = bindConnector(redmineConnector, {
    tenantId: 'acme',
    instanceId: options.instanceId ?? 'redmine-prod',
    config: { baseUrl: options.baseUrl, project: 'itsm', markerFieldId: 1, ...options.config },
    secrets: { apiKey: options.apiKey ?? SPEC_API_KEY },
    state: options.state ?? new MemoryStateStore(),
    now: options.now,
    logger: options.logger,
    // Specs must not sit out backoff waits, nor the manifest's gentle request budget.
    http: {
      sleep: async () => undefined,
      retry: { maxAttempts: 2 },
      rateLimit: { requestsPerSecond: 1_000 },
    },
  });
  if (!bound.ok) throw new Error(`bad test config: ${JSON.stringify(bound.errors)}`);
  return bound.instance;
}

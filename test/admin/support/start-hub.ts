import { randomUUID } from 'node:crypto';
import { generateApiKey } from '@switchboard/auth';
import { ApiKey } from '@switchboard/persistence';
import {
  bootstrapHttpApp,
  type HttpAppOptions,
  type RootModule,
  type RunningHttpApp,
} from '@switchboard/platform';
import type { DataSource } from 'typeorm';
import { HubModule } from '../../../apps/hub/src/hub.module';

/** The bootstrap admin key line of the start banner. */
export const KEY_IN_BANNER = /^\s+(sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43})$/m;

export function bearer(key: string): { Authorization: string } {
  return { Authorization: `Bearer ${key}` };
}

/**
 * Starts an app (the hub by default) capturing what it writes to stdout meanwhile: the bootstrap
 * banner is printed there, outside the JSON log, and is how tests get the first admin key.
 */
export async function startCapturingStdout(
  env: Record<string, string>,
  module: RootModule = HubModule,
  options: Partial<HttpAppOptions> = {},
): Promise<{ hub: RunningHttpApp; stdout: string; bootstrapKey: string | undefined }> {
  const chunks: string[] = [];
  const previous = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    const hub = await bootstrapHttpApp(module, { name: 'hub', ...options, env });
    const stdout = chunks.join('');
    return { hub, stdout, bootstrapKey: KEY_IN_BANNER.exec(stdout)?.[1] };
  } finally {
    process.stdout.write = previous;
  }
}

/**
 * An admin key for another tenant, written straight to the database (the API only ever creates
 * keys in the caller's own tenant). Returns the key and its row id.
 */
export async function insertTenantAdminKey(
  dataSource: DataSource,
  tenantId: string,
  id: string = randomUUID(),
): Promise<{ key: string; id: string }> {
  const generated = generateApiKey();
  await dataSource.getRepository(ApiKey).insert({
    id,
    tenantId,
    name: `${tenantId}-admin`,
    prefix: generated.prefix,
    hash: generated.hash,
    role: 'admin',
    createdAt: new Date(),
    createdBy: 'bootstrap',
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    version: 1,
  });
  return { key: generated.key, id };
}

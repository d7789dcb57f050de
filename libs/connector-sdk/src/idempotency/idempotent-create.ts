import { createHash } from 'node:crypto';
import type { ConnectorContext } from '../hooks/connector-context';

/** What {@link idempotentCreate} keeps in the instance state per idempotency key, once created or found. */
interface CreationRecord<T> {
  status: 'done';
  marker: string;
  since: string;
  result?: T;
}

export interface IdempotentCreateOptions<T> {
  /** The command's idempotency key: one created thing per key, however often it is retried. */
  key: string;
  /**
   * Looks the thing up by our marker (a custom field, an entity property, a label), so a create
   * whose answer was lost (timeout, crash) is found instead of repeated. Return undefined if absent.
   */
  find(marker: string): Promise<T | undefined>;
  /** Creates the thing carrying `marker` where `find` will look for it. */
  create(marker: string): Promise<T>;
}

/** The marker for an idempotency key: short, opaque, the same in every process (`sb-…`). */
export function creationMarker(ctx: Pick<ConnectorContext, 'tenantId' | 'instanceId'>, key: string): string {
  const digest = createHash('sha256')
    .update(`${ctx.tenantId}\u0000${ctx.instanceId}\u0000${key}`)
    .digest('hex');
  return `sb-${digest.slice(0, 24)}`;
}

/**
 * Creates something at most once per idempotency key on an API that has no idempotency keys of
 * its own: a recorded result → else search for our marker → else create with the marker → record
 * the result. A retry after any failure finds either the recorded result or the created thing by
 * its marker. The remaining window (two processes racing on one key before either created) is
 * closed by the runtime, which runs one command per key at a time.
 *
 * Nothing is written before the create: every attempt without a recorded result searches, so a
 * record of the attempt itself would change no decision and cost a durable write (an fsync on
 * SQLite) per create. The result is recorded, not only found again by a later search, because some
 * vendors' search lags their writes (Jira's index): a retry right after a crash must not miss it.
 */
export async function idempotentCreate<T>(
  ctx: Pick<ConnectorContext, 'tenantId' | 'instanceId' | 'state' | 'now'>,
  options: IdempotentCreateOptions<T>,
): Promise<{ result: T; created: boolean }> {
  const stateKey = `intent:${options.key}`;
  const marker = creationMarker(ctx, options.key);
  const recorded = await ctx.state.get<CreationRecord<T>>(stateKey);
  if (recorded?.status === 'done' && recorded.result !== undefined)
    return { result: recorded.result, created: false };

  const found = await options.find(marker);
  const result = found === undefined ? await options.create(marker) : found;
  const record: CreationRecord<T> = { status: 'done', marker, since: ctx.now().toISOString(), result };
  await ctx.state.set(stateKey, record);
  return { result, created: found === undefined };
}

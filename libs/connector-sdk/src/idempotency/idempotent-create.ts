import { createHash } from 'node:crypto';
import type { ConnectorContext } from '../hooks/connector-context';
import type { CommandMeta } from '../hooks/connector-hooks';

/**
 * How long a first delivery counts as the command's first run: JetStream's default duplicate
 * window. A copy of a command sent again later (from the outbox of a database restored from a
 * backup, say) is past it, and whatever its first run recorded may be gone with the restore.
 */
export const FRESH_COMMAND_MS = 2 * 60_000;

/**
 * What {@link idempotentCreate} keeps in the instance state per idempotency key: `pending` from
 * just before the first create, `done` with the result once created or found.
 */
interface CreationRecord<T> {
  status: 'pending' | 'done';
  marker: string;
  since: string;
  result?: T;
}

export interface IdempotentCreateOptions<T> {
  /** The command's idempotency key: one created thing per key, however often it is retried. */
  key: string;
  /**
   * The command being run (its `meta`). The first delivery of a command issued within
   * {@link FRESH_COMMAND_MS}, with nothing recorded under the key, cannot have created anything,
   * so it skips the search. A redelivery (a crash or a timeout may have cut an earlier create
   * short), an older command, and a call without `command` always search.
   */
  command?: Pick<CommandMeta, 'attempt' | 'issuedAt'>;
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
 * its own: a recorded result → else, if an earlier attempt may have created it, search for our
 * marker → else create with the marker → record the result. A retry after any failure finds either
 * the recorded result or the created thing by its marker. The remaining window (two processes
 * racing on one key before either created) is closed by the runtime, which runs one command per
 * key at a time.
 *
 * A `pending` record is written (durably: the state store resolves after its commit) before the
 * first create, so "no record, and the first delivery of a fresh command" proves that nothing was
 * created and the search is skipped: one vendor call per create instead of two, half of what a
 * create costs of a rate-limited vendor's budget. Any other attempt searches. The result is
 * recorded, not only found again by a later search, because some vendors' search lags their
 * writes (Jira's index): a retry right after a crash must not miss it.
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

  let found: T | undefined;
  if (recorded === undefined && isFirstRun(options.command, ctx.now()))
    await ctx.state.set(stateKey, record('pending', marker, ctx));
  else found = await options.find(marker);
  const result = found === undefined ? await options.create(marker) : found;
  await ctx.state.set(stateKey, { ...record('done', marker, ctx), result });
  return { result, created: found === undefined };
}

function isFirstRun(command: IdempotentCreateOptions<unknown>['command'], now: Date): boolean {
  if (command?.attempt !== 1 || command.issuedAt === undefined) return false;
  const age = now.getTime() - command.issuedAt.getTime();
  return age < FRESH_COMMAND_MS; // NaN (an unreadable time) is not fresh
}

function record(
  status: CreationRecord<unknown>['status'],
  marker: string,
  ctx: Pick<ConnectorContext, 'now'>,
): CreationRecord<never> {
  return { status, marker, since: ctx.now().toISOString() };
}

import { SwitchboardError, type ConnectorContext } from '@switchboard/connector-sdk';
import type { LdapConfig } from './ldap.config';
import { isLostConnection, LdapConnection } from './ldap-connection';

/** The connection of one bound instance, and whether the instance has stopped. */
interface PooledConnection {
  current?: Promise<LdapConnection>;
  stopped: boolean;
}

// One connection per bound instance, keyed by its config object: the runtime binds an instance
// once (a new config, after an edit, is a new binding with a new connection), and the key going
// away lets the entry go. Hooks hold no state of their own; this is the platform's HTTP client
// pool, for a connector that talks LDAP.
const POOL = new WeakMap<LdapConfig, PooledConnection>();

/**
 * Runs `work` on the instance's bound connection, opening it on first use and again after it was
 * lost (server restart, idle timeout, network): an operation that found the connection lost
 * before sending anything is run once more on a new one. Every operation here is a read, so
 * running one again is safe. The connection closes when `ctx.signal` aborts.
 */
export async function withConnection<T>(
  ctx: ConnectorContext<LdapConfig>,
  work: (connection: LdapConnection) => Promise<T>,
): Promise<T> {
  try {
    return await work(await connectionOf(ctx));
  } catch (error) {
    if (!isLostConnection(error)) throw error;
    return work(await connectionOf(ctx));
  }
}

/** The instance's connection, opened or reopened as needed; shared by concurrent callers. */
export async function connectionOf(ctx: ConnectorContext<LdapConfig>): Promise<LdapConnection> {
  const pooled = pooledFor(ctx);
  if (pooled.stopped)
    throw SwitchboardError.retryable('The LDAP instance is stopping: it opens no new connection');
  const current = pooled.current;
  if (current) {
    const connection = await current.catch(() => undefined);
    if (connection?.usable) return connection;
  }
  // Whoever comes first replaces a failed or lost connection; the others wait for that one.
  if (pooled.current !== current && pooled.current !== undefined) return pooled.current;
  if (current) {
    ctx.logger.info('The LDAP connection was lost or failed: opening a new one', { url: ctx.config.url });
    void current.then((stale) => stale.close()).catch(() => undefined);
  }
  const opening = LdapConnection.open(ctx.config);
  pooled.current = opening;
  opening.then(
    () => ctx.logger.debug('Bound to the directory', { url: ctx.config.url, bindDn: ctx.config.bindDn }),
    () => {
      if (pooled.current === opening) pooled.current = undefined;
    },
  );
  return opening;
}

function pooledFor(ctx: ConnectorContext<LdapConfig>): PooledConnection {
  let pooled = POOL.get(ctx.config);
  if (!pooled) {
    const created: PooledConnection = { stopped: ctx.signal.aborted };
    pooled = created;
    POOL.set(ctx.config, created);
    ctx.signal.addEventListener(
      'abort',
      () => {
        created.stopped = true;
        void created.current?.then((connection) => connection.close()).catch(() => undefined);
        created.current = undefined;
      },
      { once: true },
    );
  }
  return pooled;
}

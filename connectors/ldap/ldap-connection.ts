import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { SwitchboardError } from '@switchboard/connector-sdk';
import { Client, type Filter, type SearchResult } from 'ldapts';
import { DirectoryEntry } from './directory-entry';
import type { LdapConfig } from './ldap.config';
import { ldapError, resultCodeOf } from './ldap-errors';

/** OID of the simple paged results control (RFC 2696), as root DSEs list it. */
export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';
const NO_SUCH_OBJECT = 32;

/** A search as the connector asks for one. */
export interface DirectorySearch {
  base: string;
  scope: 'base' | 'sub';
  filter: Filter;
  attributes: readonly string[];
}

/** Thrown by the socket factories when ldapts tries to reconnect silently (see below). */
class ReconnectRefused extends Error {
  constructor() {
    super('the connection to the directory was lost; a new one is opened on the next call');
  }
}

/**
 * One bound connection to the directory (ldapts `Client`). ldapts reconnects on its own when a
 * socket closes, but without the StartTLS upgrade and without binding again: operations would go
 * out unencrypted and anonymous, and an anonymous search "finds nothing" instead of failing. So
 * each connection gets socket factories that work once: a lost connection fails the operation
 * (`retryable`), and the owner opens a new, bound one.
 */
export class LdapConnection {
  #closed = false;

  private constructor(
    private readonly client: Client,
    private readonly config: LdapConfig,
  ) {}

  /** Connects (TLS or StartTLS as configured), binds with the configured credentials. */
  static async open(config: LdapConfig): Promise<LdapConnection> {
    const url = new URL(config.url);
    const tlsOptions = tlsOptionsFor(config, url.hostname);
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.connectTimeoutMs,
      // ldapts takes any tlsOptions as "connect with TLS": only ldaps:// gets them at construction.
      ...(url.protocol === 'ldaps:' && { tlsOptions }),
      // ldapts types these as `typeof net.connect` / `tls.connect` (every overload) but calls them
      // only as (port, host), (port, host, options) and, for StartTLS, (options with a socket).
      createConnection: once((port: number, host: string) =>
        netConnect({ port, host }),
      ) as unknown as typeof netConnect,
      createSecureConnection: once(
        (portOrOptions: number | ConnectionOptions, host?: string, options?: ConnectionOptions) =>
          typeof portOrOptions === 'number'
            ? tlsConnect({ ...options, port: portOrOptions, host })
            : tlsConnect(portOrOptions),
      ) as unknown as typeof tlsConnect,
    });
    const connection = new LdapConnection(client, config);
    // ldapts has no timer while a StartTLS handshake runs: bound the whole opening here.
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(
        () =>
          reject(
            new Error(
              `no LDAP answer within ${config.connectTimeoutMs} ms (connect, TLS, bind): is the directory up, and is the url an LDAP server's?`,
            ),
          ),
        config.connectTimeoutMs,
      );
    });
    try {
      await Promise.race([connection.handshake(tlsOptions), timedOut]);
      return connection;
    } catch (error) {
      await connection.close();
      throw ldapError(error, `LDAP bind as ${config.bindDn} on ${config.url}`);
    } finally {
      clearTimeout(deadline);
    }
  }

  private async handshake(tlsOptions: ConnectionOptions): Promise<void> {
    if (this.config.startTls) {
      try {
        // A copy: ldapts adds the plain socket to the options it is given.
        await this.client.startTLS({ ...tlsOptions });
      } catch (error) {
        throw ldapError(error, `StartTLS on ${this.config.url}`);
      }
    }
    await this.client.bind(this.config.bindDn, this.config.bindPassword);
  }

  /** Still connected and bound: usable for the next operation. */
  get usable(): boolean {
    return !this.#closed && this.client.isConnected && this.client.isBound;
  }

  /** Every entry a search finds, fetched page by page (simple paged results). */
  async search(search: DirectorySearch, pageSize: number): Promise<DirectoryEntry[]> {
    const entries: DirectoryEntry[] = [];
    for await (const page of this.pages(search, pageSize)) entries.push(...page);
    return entries;
  }

  /**
   * The entries a search finds, one page (simple paged results) at a time: a big directory is
   * read in bounded pieces, whatever the server's size limit per request.
   */
  async *pages(search: DirectorySearch, pageSize: number): AsyncGenerator<DirectoryEntry[]> {
    const doing = `LDAP search under ${search.base} for ${search.filter.toString()}`;
    const pages = this.client.searchPaginated(search.base, {
      scope: search.scope,
      filter: search.filter,
      attributes: [...search.attributes],
      paged: { pageSize },
      timeLimit: Math.ceil(this.config.timeoutMs / 1000),
    });
    try {
      while (true) {
        let next: IteratorResult<SearchResult>;
        try {
          next = await pages.next();
        } catch (error) {
          throw ldapError(error, doing);
        }
        if (next.done) return;
        yield next.value.searchEntries.map((entry) => DirectoryEntry.fromLdapts(entry));
      }
    } finally {
      // A caller that stops early: let ldapts drop the search.
      await pages.return(undefined);
    }
  }

  /** At most `limit` of the entries a search finds, in one request (for lookups). */
  async find(search: DirectorySearch, limit: number): Promise<DirectoryEntry[]> {
    try {
      const { searchEntries } = await this.client.search(search.base, {
        scope: search.scope,
        filter: search.filter,
        attributes: [...search.attributes],
        sizeLimit: limit,
        timeLimit: Math.ceil(this.config.timeoutMs / 1000),
      });
      return searchEntries.map((entry) => DirectoryEntry.fromLdapts(entry));
    } catch (error) {
      throw ldapError(error, `LDAP search under ${search.base} for ${search.filter.toString()}`);
    }
  }

  /** The entry at `dn` if it exists and matches `filter`; undefined for noSuchObject. */
  async read(dn: string, filter: Filter, attributes: readonly string[]): Promise<DirectoryEntry | undefined> {
    try {
      const { searchEntries } = await this.client.search(dn, {
        scope: 'base',
        filter,
        attributes: [...attributes],
        timeLimit: Math.ceil(this.config.timeoutMs / 1000),
      });
      const [entry] = searchEntries;
      return entry ? DirectoryEntry.fromLdapts(entry) : undefined;
    } catch (error) {
      if (resultCodeOf(error) === NO_SUCH_OBJECT) return undefined;
      throw ldapError(error, `LDAP read of ${dn}`);
    }
  }

  /** Unbinds and closes the socket; idempotent, never throws. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.client.unbind().catch(() => undefined);
  }
}

/** Whether `error` is a connection ldapts lost and we refused to reopen behind its back. */
export function isLostConnection(error: unknown): boolean {
  return error instanceof SwitchboardError && error.cause instanceof ReconnectRefused;
}

function tlsOptionsFor(config: LdapConfig, host: string): ConnectionOptions {
  return {
    rejectUnauthorized: config.rejectUnauthorized,
    ...(config.caCertificate && { ca: config.caCertificate }),
    // StartTLS connects with a socket, not a host: name the host so the certificate is checked
    // against it. SNI takes names only (RFC 6066), never an IP address.
    host,
    ...(isIP(host) === 0 && { servername: host }),
  };
}

/**
 * A socket factory that creates one socket, then refuses: ldapts calls it again only to reconnect
 * silently (see {@link LdapConnection}).
 *
 * The socket does not keep the process alive when idle (a script that forgot to close the
 * connection would never exit): ldapts holds a timer for every operation in flight, and `open`
 * one while connecting, which keep it alive while something runs. Keep-alive probes find a peer
 * that vanished without closing.
 */
function once<TArgs extends unknown[]>(create: (...args: TArgs) => Socket | TLSSocket) {
  let used = false;
  return (...args: TArgs): Socket | TLSSocket => {
    if (used) throw new ReconnectRefused();
    used = true;
    const socket = create(...args);
    socket.unref();
    socket.setKeepAlive(true, 60_000);
    return socket;
  };
}

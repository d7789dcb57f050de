import type { SecretRedactor } from '../logging';
import type { HttpMethod } from './http-request';

/** What a token-refreshing auth function is told about the request it authenticates. */
export interface HttpAuthContext {
  method: HttpMethod;
  /** The URL requested (never containing credentials). */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
  /**
   * True when the previous attempt was answered 401: the cached token is stale, fetch a new one.
   * The client refreshes once per request; a second 401 fails with code `auth`.
   */
  refresh: boolean;
}

/** Computes auth headers per attempt, e.g. an OAuth access token cached until it expires. */
export type HttpAuthProvider = (context: HttpAuthContext) => Promise<Readonly<Record<string, string>>>;

/**
 * How the client authenticates to the vendor. Credentials are only sent to the `baseUrl` origin
 * and are registered with the client's redactor, so they never appear in logs or errors.
 */
export type HttpAuth =
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string }
  /** A credential in the query string (some legacy APIs). It is stripped from logs and errors. */
  | { type: 'query'; name: string; value: string }
  | HttpAuthProvider;

/** Turns an {@link HttpAuth} into headers and query parameters, registering every credential as a secret. */
export class HttpAuthInjector {
  /** The query parameter carrying a credential, if any (left out of logged and returned URLs). */
  readonly queryParam?: { name: string; value: string };
  private readonly staticHeaders: Readonly<Record<string, string>> = {};

  constructor(
    private readonly auth: HttpAuth | undefined,
    private readonly redactor: SecretRedactor,
  ) {
    if (auth === undefined || typeof auth === 'function') return;
    switch (auth.type) {
      case 'bearer':
        redactor.add(auth.token);
        this.staticHeaders = { authorization: `Bearer ${auth.token}` };
        break;
      case 'basic': {
        const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
        redactor.add(auth.password, encoded);
        this.staticHeaders = { authorization: `Basic ${encoded}` };
        break;
      }
      case 'header':
        redactor.add(auth.value);
        this.staticHeaders = { [auth.name.toLowerCase()]: auth.value };
        break;
      case 'query':
        redactor.add(auth.value);
        this.queryParam = { name: auth.name, value: auth.value };
        break;
    }
  }

  /** Whether a 401 is worth one more attempt with `refresh: true`. */
  get canRefresh(): boolean {
    return typeof this.auth === 'function';
  }

  /** The auth headers for one attempt. */
  async headers(context: HttpAuthContext): Promise<Readonly<Record<string, string>>> {
    if (typeof this.auth !== 'function') return this.staticHeaders;
    const headers = await this.auth(context);
    for (const value of Object.values(headers)) {
      // `Bearer abc…` → register the credential alone too: vendors echo tokens without the scheme.
      const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
      this.redactor.add(value, credential);
    }
    return headers;
  }
}

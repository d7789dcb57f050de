/** HTTP methods connectors may use. */
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One query parameter value; arrays repeat the parameter (`?id=1&id=2`), null/undefined omit it. */
export type QueryValue =
  string | number | boolean | readonly (string | number | boolean)[] | null | undefined;

/** Query parameters, encoded by the client (never concatenate them into `path` by hand). */
export type QueryParams = Readonly<Record<string, QueryValue>>;

/** How the response body is decoded. */
export type ResponseBodyType = 'json' | 'text' | 'buffer';

/** One request made through {@link ConnectorHttpClient}. */
export interface HttpRequest {
  /** Default `GET`. */
  method?: HttpMethod;
  /**
   * Path relative to the client's `baseUrl` (`/rest/api/2/issue/ABC-1`; a base path such as
   * `https://host/jira` is kept), or an absolute URL. Absolute URLs are subject to the host
   * allow-list, and the client's credentials are only sent to the `baseUrl` origin.
   */
  path: string;
  query?: QueryParams;
  /** Extra headers. The client's auth headers win over these. */
  headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON; strings, Buffers and URLSearchParams as they are. */
  body?: unknown;
  /**
   * Whether a failed attempt may be repeated. Defaults to true for idempotent methods (GET, HEAD,
   * OPTIONS, PUT, DELETE) and false for POST and PATCH: repeating a create whose response was lost
   * would create a duplicate. Set it to true for a POST the vendor treats idempotently (a search,
   * or a create carrying an idempotency key).
   */
  retry?: boolean;
  /** Per-attempt timeout; defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Default `json` (a non-JSON body comes back as text). */
  responseType?: ResponseBodyType;
  /** Cancels the request, including waits between attempts that have not started yet. */
  signal?: AbortSignal;
}

/** A successful (2xx, or 304) response. */
export interface HttpResponse<T = unknown> {
  status: number;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** Decoded body; `undefined` for an empty JSON body (204, HEAD). */
  data: T;
  /** The URL requested, without the auth query parameter. */
  url: string;
  /** How many attempts it took (1 when the first one succeeded). */
  attempts: number;
}

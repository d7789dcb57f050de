import http from 'node:http';
import https from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ErrorCode, errorCodeOf } from '@switchboard/errors';
import { SecretRedactor, redactingLogger, silentLogger } from '../logging';
import type { ConnectorLogger } from '../logging';
import { CircuitOpenError, ConnectorCircuitBreaker } from './circuit-breaker';
import { ClientStatusTracker } from './client-status';
import type { ConnectorHttpStatus } from './client-status';
import { HostGuard } from './host-guard';
import { HttpAuthInjector } from './http-auth';
import { resolveClientOptions, DEFAULT_USER_AGENT } from './http-client.options';
import type { ConnectorHttpClientOptions, ResolvedClientOptions } from './http-client.options';
import { ConnectorHttpError, errorCodeForStatus } from './http-error';
import type { HttpErrorDetails, HttpFailureKind } from './http-error';
import type { HttpMethod, HttpRequest, HttpResponse } from './http-request';
import { paginate, paginatePages } from './pagination';
import type { Page, PaginationStrategy } from './pagination';
import { buildRequestUrl, describeUrlForLog, parseBaseUrl } from './request-url';
import { decodeBody, errorBody, normalizeHeaders } from './response-body';
import { rateLimitExhausted, rateLimitResetMs, requestedWaitMs } from './retry-after';
import { IDEMPOTENT_METHODS, backoffDelayMs } from './retry-policy';
import { classifyTransportFailure } from './transport-failure';
import { RequestBudget } from './request-budget';
import { extractVendorError } from './vendor-error-message';

/** Codes that describe the data, not the health of the connection: not recorded as `lastError`. */
const DATA_ANSWERS: ReadonlySet<ErrorCode> = new Set([
  ErrorCode.NotFound,
  ErrorCode.Conflict,
  ErrorCode.Validation,
]);

/** Failure kinds that are final whatever the code says: repeating them changes nothing now. */
const NEVER_REPEATED: ReadonlySet<HttpFailureKind> = new Set([
  'circuit_open',
  'rate_limited',
  'refused',
  'aborted',
]);

/** One request in flight: what logs and errors may say about it. */
interface Target {
  method: HttpMethod;
  url: URL;
  /** Path plus query parameter names, redacted. */
  logPath: string;
}

/** Filled in by an attempt that reached the network, for its log line. */
interface AttemptTiming {
  durationMs?: number;
}

/** Options of the `get`/`post`/… shortcuts. */
export type HttpRequestOptions = Omit<HttpRequest, 'method' | 'path' | 'body'>;

/** The TCP keep-alive delay axios's Node adapter sets on every request's socket. */
const AXIOS_KEEP_ALIVE_MS = 60_000;

/**
 * The HTTP client the platform gives every connector instance. Connectors never hand-roll HTTP:
 * this client injects auth (and refreshes tokens on 401), retries retryable failures with
 * jittered exponential backoff, honours Retry-After and rate-limit headers, keeps the
 * instance's request budget, breaks the circuit when the vendor is down, paginates, refuses
 * destinations outside the instance's allow-list and cloud metadata endpoints, and maps every
 * failure to a {@link ConnectorHttpError} whose code tells the bus what to do. Secrets never
 * reach its logs or errors.
 *
 * @example
 * const client = new ConnectorHttpClient({
 *   baseUrl: config.url,
 *   auth: { type: 'basic', username: config.email, password: secrets.apiToken },
 *   rateLimit: { maxConcurrent: 4, requestsPerSecond: 10 },
 *   secrets: [secrets.apiToken],
 *   logger,
 * });
 * const issue = await client.get<JiraIssue>(`/rest/api/2/issue/${key}`);
 */
export class ConnectorHttpClient {
  /** The vendor's API root, as configured. */
  readonly baseUrl: string;
  private readonly base: URL;
  private readonly settings: ResolvedClientOptions;
  private readonly redactor: SecretRedactor;
  private readonly logger: ConnectorLogger;
  private readonly auth: HttpAuthInjector;
  private readonly guard: HostGuard;
  private readonly axios: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly budget?: RequestBudget;
  private readonly circuit: ConnectorCircuitBreaker;
  private readonly tracker: ClientStatusTracker;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly userAgent: string;
  private readonly defaultHeaders: Record<string, string>;
  private closed = false;

  constructor(options: ConnectorHttpClientOptions) {
    this.settings = resolveClientOptions(options);
    this.base = parseBaseUrl(options.baseUrl);
    this.baseUrl = this.base.href;
    this.redactor = new SecretRedactor(options.secrets ?? []);
    this.logger = redactingLogger(options.logger ?? silentLogger, this.redactor);
    this.auth = new HttpAuthInjector(options.auth, this.redactor);
    this.guard = new HostGuard(options);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.defaultHeaders = lowerCaseKeys(options.headers ?? {});

    // The guard's lookup runs on every new connection, redirects included: the address actually
    // connected to is checked, not one resolved earlier. The keep-alive probe delay is the one
    // axios sets on each request's socket: with the agent's default (1 s) the two alternated, and
    // every request paid two setsockopt calls to switch it back and forth.
    const agentOptions = { keepAlive: true, keepAliveMsecs: AXIOS_KEEP_ALIVE_MS, lookup: this.guard.lookup };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
    this.axios = axios.create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      // Environment proxies would connect to the proxy, bypassing the address check above.
      proxy: false,
      maxRedirects: 5,
      maxContentLength: this.settings.maxResponseBytes,
      validateStatus: () => true,
      beforeRedirect: (redirect: Record<string, unknown>) => {
        this.guard.assertUrlAllowed(new URL(String(redirect.href)));
      },
    });

    const { rateLimit } = this.settings;
    if (rateLimit?.maxConcurrent !== undefined || rateLimit?.requestsPerSecond !== undefined)
      this.budget = new RequestBudget(rateLimit);

    this.circuit = new ConnectorCircuitBreaker(
      this.settings.circuitBreaker,
      (error) => countsAgainstCircuit(error),
      () => this.tracker.publish(),
    );
    this.tracker = new ClientStatusTracker(
      this.now,
      () => this.circuit.state,
      options.onStatus,
      (error) => this.logger.warn('onStatus listener failed', { error }),
    );
  }

  /** Current health, for the runtime's instance status. */
  status(): ConnectorHttpStatus {
    return this.tracker.snapshot();
  }

  /**
   * Sends a request, retrying as the method and the failure allow. Resolves with a 2xx (or 304)
   * response; rejects with a {@link ConnectorHttpError} otherwise.
   */
  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const method = request.method ?? 'GET';
    const target = this.target(method, request);
    const retryAllowed = request.retry ?? IDEMPOTENT_METHODS.has(method);
    let maxAttempts = retryAllowed ? this.settings.retry.maxAttempts : 1;
    let refreshAuth = false;
    let refreshed = false;

    for (let attempt = 1; ; attempt++) {
      const timing: AttemptTiming = {};
      let error: ConnectorHttpError;
      try {
        if (this.closed)
          throw this.failure(target, attempt - 1, 'refused', ErrorCode.Permanent, 'refused: client closed');
        if (request.signal?.aborted)
          throw this.failure(target, attempt - 1, 'aborted', ErrorCode.Retryable, 'aborted');
        await this.waitForRateLimit(target, attempt, request.signal);
        if (request.signal?.aborted) {
          throw this.failure(target, attempt - 1, 'aborted', ErrorCode.Retryable, 'aborted');
        }
        return await this.circuit.run(() =>
          this.limited(() => this.send<T>(request, target, attempt, refreshAuth, timing)),
        );
      } catch (caught) {
        error = this.asHttpError(caught, target, attempt);
      }
      refreshAuth = false;

      // A 401 with a refreshable token: one more attempt with a fresh token, on top of the budget
      // (the request was rejected unprocessed, so even a POST may be repeated).
      if (error.status === 401 && this.auth.canRefresh && !refreshed) {
        refreshAuth = refreshed = true;
        maxAttempts++;
        this.logAttempt(error, target, attempt, timing, 0);
        continue;
      }

      // 429, or a 503 with Retry-After: the vendor asks us to slow down. That becomes client status
      // (and holds back every request of this instance), not just this request's backoff.
      const serverWaitMs = error.details.kind === 'status' ? error.retryAfterMs : undefined;
      const rateLimited = error.status === 429 || serverWaitMs !== undefined;
      const waitMs = serverWaitMs ?? backoffDelayMs(attempt, this.settings.retry, this.random);
      if (rateLimited) this.tracker.rateLimitedFor(waitMs);

      if (serverWaitMs !== undefined && serverWaitMs > this.settings.retry.maxRetryAfterMs) {
        const tooLong = `vendor asked to wait ${seconds(serverWaitMs)}`;
        error = error.withCode(ErrorCode.RateLimited, serverWaitMs, tooLong);
        this.logAttempt(error, target, attempt, timing);
        throw this.finalFailure(error);
      }
      const repeat =
        error.retryable && retryAllowed && attempt < maxAttempts && !NEVER_REPEATED.has(error.details.kind);
      if (!repeat) {
        if (serverWaitMs !== undefined && error.code === ErrorCode.Retryable) {
          error = error.withCode(
            ErrorCode.RateLimited,
            serverWaitMs,
            `vendor asked to wait ${seconds(serverWaitMs)}`,
          );
        }
        this.logAttempt(error, target, attempt, timing);
        throw this.finalFailure(error);
      }
      this.logAttempt(error, target, attempt, timing, waitMs);
      // A rate-limit wait is sat out by waitForRateLimit at the top of the next attempt.
      if (!rateLimited && waitMs > 0) await this.pause(waitMs, request.signal);
    }
  }

  /** GET `path`. */
  get<T = unknown>(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, method: 'GET', path });
  }

  /** POST `body` to `path`. Not retried unless `options.retry` is true (see {@link HttpRequest.retry}). */
  post<T = unknown>(
    path: string,
    body?: unknown,
    options: HttpRequestOptions = {},
  ): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, method: 'POST', path, body });
  }

  /** PUT `body` to `path`. */
  put<T = unknown>(path: string, body?: unknown, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, method: 'PUT', path, body });
  }

  /** PATCH `path` with `body`. Not retried unless `options.retry` is true. */
  patch<T = unknown>(
    path: string,
    body?: unknown,
    options: HttpRequestOptions = {},
  ): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, method: 'PATCH', path, body });
  }

  /** DELETE `path`. */
  delete<T = unknown>(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...options, method: 'DELETE', path });
  }

  /** Every item of a paginated collection, fetching pages as the iteration needs them. */
  paginate<TItem, TBody = unknown>(
    request: HttpRequest,
    strategy: PaginationStrategy<TItem, TBody>,
  ): AsyncIterable<TItem> {
    return paginate(this, request, strategy);
  }

  /** The pages of a paginated collection, for callers that checkpoint per page. */
  pages<TItem, TBody = unknown>(
    request: HttpRequest,
    strategy: PaginationStrategy<TItem, TBody>,
  ): AsyncIterable<Page<TItem, TBody>> {
    return paginatePages(this, request, strategy);
  }

  /** Releases sockets and timers. Requests made afterwards fail with code `permanent`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.circuit.shutdown();
    this.budget?.stop();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private target(method: HttpMethod, request: HttpRequest): Target {
    let url: URL;
    try {
      url = buildRequestUrl(this.base, request.path, request.query);
    } catch {
      const logPath = this.redactor.redactString(request.path.split('?')[0]);
      throw this.finalFailure(
        new ConnectorHttpError(ErrorCode.Permanent, `${method} ${logPath} refused: not a valid URL`, {
          kind: 'refused',
          method,
          path: logPath,
          attempts: 0,
        }),
      );
    }
    // A vendor echoing the credential into its next-page links must not get it into logs and results.
    if (this.auth.queryParam) url.searchParams.delete(this.auth.queryParam.name);
    const target = { method, url, logPath: this.redactor.redactString(describeUrlForLog(url)) };
    try {
      this.guard.assertUrlAllowed(url);
    } catch (error) {
      throw this.finalFailure(this.asHttpError(error, target, 0));
    }
    return target;
  }

  private limited<T>(job: () => Promise<T>): Promise<T> {
    return this.budget ? this.budget.run(job) : job();
  }

  /** Sits out a vendor-requested wait, or fails fast when it is longer than the client waits. */
  private async waitForRateLimit(target: Target, attempt: number, signal?: AbortSignal): Promise<void> {
    const waitMs = this.tracker.rateLimitWaitMs();
    if (waitMs <= 0) return;
    if (waitMs > this.settings.retry.maxRetryAfterMs) {
      throw this.failure(
        target,
        attempt - 1,
        'rate_limited',
        ErrorCode.RateLimited,
        `not sent: vendor rate limit lifts in ${seconds(waitMs)}`,
        waitMs,
      );
    }
    this.logger.debug('waiting for vendor rate limit', {
      method: target.method,
      path: target.logPath,
      waitMs,
    });
    await this.pause(waitMs, signal);
  }

  /** Sleeps, returning early when the caller aborts (the next attempt then sees the abort). */
  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return this.sleep(ms);
    if (signal.aborted) return;
    let onAbort = (): void => undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** One attempt: auth, timeout, the HTTP exchange, and the response mapped to a result or an error. */
  private async send<T>(
    request: HttpRequest,
    target: Target,
    attempt: number,
    refresh: boolean,
    timing: AttemptTiming,
  ): Promise<HttpResponse<T>> {
    const sameOrigin = target.url.origin === this.base.origin;
    // Credentials only ever go to the configured vendor origin, not to an absolute URL elsewhere.
    let authHeaders: Record<string, string> = {};
    if (sameOrigin) {
      try {
        authHeaders = lowerCaseKeys(
          await this.auth.headers({ method: target.method, url: target.url.href, attempt, refresh }),
        );
      } catch (error) {
        // A token endpoint that refused (code auth) or was unreachable (unclassified: retryable).
        const reason = error instanceof Error ? error.message : String(error);
        throw this.failure(
          target,
          attempt - 1,
          'auth',
          errorCodeOf(error),
          `not sent: auth failed: ${reason}`,
        );
      }
    }
    const wireUrl = new URL(target.url);
    if (sameOrigin && this.auth.queryParam)
      wireUrl.searchParams.set(this.auth.queryParam.name, this.auth.queryParam.value);

    const timeoutMs = request.timeoutMs ?? this.settings.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const cancel = () => controller.abort();
    request.signal?.addEventListener('abort', cancel, { once: true });
    const startedAt = Date.now();
    let response: AxiosResponse;
    try {
      response = await this.axios.request({
        url: wireUrl.href,
        method: target.method,
        data: request.body,
        headers: {
          'user-agent': this.userAgent,
          accept: 'application/json',
          ...this.defaultHeaders,
          ...lowerCaseKeys(request.headers ?? {}),
          ...authHeaders,
        },
        responseType: request.responseType === 'buffer' ? 'arraybuffer' : (request.responseType ?? 'json'),
        signal: controller.signal,
        // Stripped if a redirect leaves the origin (follow-redirects only knows Authorization/Cookie).
        sensitiveHeaders: Object.keys(authHeaders),
      });
    } catch (error) {
      timing.durationMs = Date.now() - startedAt;
      if (timedOut)
        throw this.failure(
          target,
          attempt,
          'timeout',
          ErrorCode.Retryable,
          `timed out after ${timeoutMs} ms`,
        );
      if (request.signal?.aborted)
        throw this.failure(target, attempt, 'aborted', ErrorCode.Retryable, 'aborted');
      throw this.asHttpError(error, target, attempt);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', cancel);
    }

    const durationMs = (timing.durationMs = Date.now() - startedAt);
    const headers = normalizeHeaders(response.headers);
    if ((response.status >= 200 && response.status < 300) || response.status === 304) {
      this.afterSuccess(headers);
      this.logger.debug('vendor request', {
        method: target.method,
        path: target.logPath,
        status: response.status,
        durationMs,
        attempt,
      });
      const result: HttpResponse<T> = {
        status: response.status,
        headers,
        data: decodeBody(response.data, request.responseType ?? 'json') as T,
        url: target.url.href,
        attempts: attempt,
      };
      return result;
    }
    throw this.statusFailure(target, attempt, response.status, headers, response.data);
  }

  private afterSuccess(headers: Record<string, string>): void {
    // A spent budget announced on a success: hold further requests until the reset instead of
    // walking into a 429.
    const resetMs = rateLimitExhausted(headers) ? rateLimitResetMs(headers, this.now()) : undefined;
    if (resetMs !== undefined && resetMs > 0) this.tracker.rateLimitedFor(resetMs);
    this.tracker.succeeded(resetMs !== undefined && resetMs > 0);
  }

  private statusFailure(
    target: Target,
    attempt: number,
    status: number,
    headers: Record<string, string>,
    data: unknown,
  ): ConnectorHttpError {
    const code = status >= 300 && status < 400 ? ErrorCode.Permanent : errorCodeForStatus(status);
    const vendor = extractVendorError(data);
    const vendorMessage =
      vendor.message === undefined ? undefined : this.redactor.redactString(vendor.message);
    const retryAfterMs = status === 429 || status === 503 ? requestedWaitMs(headers, this.now()) : undefined;
    const fieldErrors = vendor.fieldErrors.map((error) => ({
      path: this.redactor.redactString(error.path),
      message: this.redactor.redactString(error.message),
    }));
    const message = `${target.method} ${target.logPath} failed with ${status}${vendorMessage ? `: ${vendorMessage}` : ''}`;
    const details: HttpErrorDetails = {
      kind: 'status',
      method: target.method,
      path: target.logPath,
      status,
      vendorMessage,
      body: this.redactor.redactValue(errorBody(data)),
      attempts: attempt,
    };
    return new ConnectorHttpError(code, withAttempts(message, attempt), details, {
      retryAfterMs,
      fieldErrors: code === ErrorCode.Validation ? fieldErrors : undefined,
    });
  }

  /** Any failure as a {@link ConnectorHttpError}, with a redacted message and a redacted cause. */
  private asHttpError(error: unknown, target: Target, attempt: number): ConnectorHttpError {
    if (error instanceof ConnectorHttpError) return error;
    if (error instanceof CircuitOpenError) {
      return this.failure(
        target,
        attempt - 1,
        'circuit_open',
        ErrorCode.Retryable,
        `not sent: ${error.message}, next probe in ${seconds(error.retryAfterMs)}`,
        error.retryAfterMs,
      );
    }
    const transport = classifyTransportFailure(error);
    const cause = Object.assign(new Error(this.redactor.redactString(transport.message)), {
      name: 'TransportError',
      code: transport.code,
    });
    if (transport.refusal) {
      return this.failure(
        target,
        attempt,
        'refused',
        ErrorCode.Permanent,
        `refused: ${transport.refusal.message}`,
        undefined,
        {
          cause,
        },
      );
    }
    return this.failure(
      target,
      attempt,
      'network',
      transport.retryable ? ErrorCode.Retryable : ErrorCode.Permanent,
      `failed: ${transport.message}`,
      undefined,
      { cause, transportCode: transport.code },
    );
  }

  /** A failure without an HTTP status. */
  private failure(
    target: Target,
    attempts: number,
    kind: HttpFailureKind,
    code: ErrorCode,
    what: string,
    retryAfterMs?: number,
    extra: { cause?: unknown; transportCode?: string } = {},
  ): ConnectorHttpError {
    const message = this.redactor.redactString(`${target.method} ${target.logPath} ${what}`);
    return new ConnectorHttpError(
      code,
      withAttempts(message, attempts),
      { kind, method: target.method, path: target.logPath, transportCode: extra.transportCode, attempts },
      { retryAfterMs, cause: extra.cause },
    );
  }

  private finalFailure(error: ConnectorHttpError): ConnectorHttpError {
    if (!DATA_ANSWERS.has(error.code)) this.tracker.failed(error.code, error.message);
    return error;
  }

  /**
   * One line per failed attempt. Answers about the data (404, 409, 422) are routine for a
   * connector looking things up, so they log at debug; everything else at warn.
   */
  private logAttempt(
    error: ConnectorHttpError,
    target: Target,
    attempt: number,
    timing: AttemptTiming,
    retryInMs?: number,
  ): void {
    const level = DATA_ANSWERS.has(error.code) ? 'debug' : 'warn';
    this.logger[level](
      retryInMs === undefined ? 'vendor request failed' : 'vendor request failed, retrying',
      {
        method: target.method,
        path: target.logPath,
        status: error.status,
        code: error.code,
        kind: error.details.kind,
        attempt,
        durationMs: timing.durationMs,
        retryInMs,
        error: error.message,
      },
    );
  }
}

/** Whether an attempt's failure says the vendor is down (counts towards opening the circuit). */
function countsAgainstCircuit(error: unknown): boolean {
  if (!(error instanceof ConnectorHttpError)) return false;
  const { kind } = error.details;
  return (
    (kind === 'network' || kind === 'timeout' || kind === 'status') && error.code === ErrorCode.Retryable
  );
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function withAttempts(message: string, attempts: number): string {
  return attempts > 1 ? `${message} (after ${attempts} attempts)` : message;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

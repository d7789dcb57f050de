export { ConnectorHttpClient } from './http-client';
export type { HttpRequestOptions } from './http-client';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from './http-client.options';
export type { ConnectorHttpClientOptions, RateLimitOptions } from './http-client.options';
export type { HttpAuth, HttpAuthContext, HttpAuthProvider } from './http-auth';
export type {
  HttpMethod,
  HttpRequest,
  HttpResponse,
  QueryParams,
  QueryValue,
  ResponseBodyType,
} from './http-request';
export { ConnectorHttpError, errorCodeForStatus, isConnectorHttpError } from './http-error';
export type { ConnectorHttpErrorOptions, HttpErrorDetails, HttpFailureKind } from './http-error';
export type { ConnectorHttpStatus } from './client-status';
export { DEFAULT_CIRCUIT_BREAKER } from './circuit-breaker';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
export { DEFAULT_RETRY, IDEMPOTENT_METHODS, backoffDelayMs } from './retry-policy';
export type { RetryOptions } from './retry-policy';
export { parseRetryAfter, rateLimitResetMs, requestedWaitMs } from './retry-after';
export { CLOUD_METADATA_ADDRESSES, CLOUD_METADATA_HOSTNAMES } from './host-guard';
export type { HostGuardOptions, HostResolver, ResolvedAddress } from './host-guard';
export { paginate, paginatePages } from './pagination';
export type {
  CursorPagination,
  LinkHeaderPagination,
  OffsetPagination,
  Page,
  PageNumberPagination,
  PaginationSource,
  PaginationStrategy,
} from './pagination';
export { parseLinkHeader } from './link-header';
export type { WebLink } from './link-header';
export { extractVendorError } from './vendor-error-message';
export type { VendorError } from './vendor-error-message';

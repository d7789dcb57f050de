import { HostRefusedError } from './host-guard';

/** What went wrong below HTTP, read from an axios / Node error. */
export interface TransportFailure {
  /** The destination was refused by the host guard (possibly deep inside a redirect or a lookup). */
  refusal?: HostRefusedError;
  /** `ECONNREFUSED`, `CERT_HAS_EXPIRED`, `ERR_FR_TOO_MANY_REDIRECTS`, … */
  code?: string;
  /** Whether another attempt could succeed. */
  retryable: boolean;
  message: string;
}

/**
 * Failures that will not go away by themselves: TLS trust problems (an admin must fix the
 * certificate or the URL), redirect loops, oversized responses, invalid requests.
 */
const PERMANENT_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY)_|ERR_FR_(TOO_MANY_REDIRECTS|MAX_BODY_LENGTH_EXCEEDED|UNSUPPORTED_PROTOCOL)$|ERR_BAD_(OPTION|OPTION_VALUE|RESPONSE|REQUEST)$|ERR_INVALID_URL$|ERR_NOT_SUPPORT$)/;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Classifies a failure that produced no HTTP response. */
export function classifyTransportFailure(error: unknown): TransportFailure {
  const chain = causes(error);
  const refusal = chain.find((item): item is HostRefusedError => item instanceof HostRefusedError);
  const codes = chain
    .map((item) => (item as { code?: unknown }).code)
    .filter((code): code is string => typeof code === 'string');
  // The deepest code is the most specific (axios says ERR_BAD_RESPONSE, its cause says why).
  const code = codes.find((candidate) => PERMANENT_CODES.test(candidate)) ?? codes[codes.length - 1];
  const message = error instanceof Error ? error.message : String(error);
  if (refusal) return { refusal, code, retryable: false, message: refusal.message };
  return { code, retryable: code === undefined || !PERMANENT_CODES.test(code), message };
}

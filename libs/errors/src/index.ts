export { ErrorCode, RETRYABLE_CODES } from './error-code';
export { SwitchboardError, isSwitchboardError, errorCodeOf } from './switchboard.error';
export type { FieldError, SwitchboardErrorOptions } from './switchboard.error';
export { redactUrlCredentials, REDACTED } from './redaction';

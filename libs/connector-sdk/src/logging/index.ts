export { silentLogger } from './connector-logger';
export type { ConnectorLogger, ConnectorLogLevel } from './connector-logger';
export { SecretRedactor, redactingLogger, REDACTED_SECRET, MIN_SECRET_LENGTH } from './secret-redactor';

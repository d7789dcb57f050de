export { ConfigModule } from './config.module';
export { loadConfig, EXTRA_NATS_SERVER_DIRS } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { SwitchboardConfig } from './switchboard-config';
export type {
  BusConfig,
  BusMode,
  EvtRetention,
  HttpConfig,
  LogFormat,
  LogLevel,
  SqliteSyncMode,
  SwitchboardConfigProps,
} from './switchboard-config';
export { ConfigValidationError } from './config-validation.error';
export type { InvalidVariable } from './config-validation.error';
export { ConfigVariable, getConfigVariables } from './config-variable.decorator';
export type { ConfigVariableGroup, ConfigVariableMetadata } from './config-variable.decorator';
export {
  EnvironmentVariables,
  LOG_LEVELS,
  LOG_FORMATS,
  BUS_MODES,
  EVT_RETENTIONS,
  SQLITE_SYNC_MODES,
} from './environment-variables.dto';
export { configTableRows, renderConfigTable } from './config-table';
export { parseDuration, formatDuration } from './validation/duration';
export { redactSensitiveValue, redactUrlCredentials } from './redaction';

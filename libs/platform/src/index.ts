export { bootstrapHttpApp } from './bootstrap/bootstrap-http-app';
export type { HttpAppOptions, RootModule, RunningHttpApp } from './bootstrap/bootstrap-http-app';
export { runHttpApp } from './bootstrap/run-http-app';
export { installGracefulShutdown } from './bootstrap/graceful-shutdown';
export { PlatformModule } from './platform.module';
export type { PlatformModuleOptions } from './platform.module';
export { BusModule, InjectEventBus } from './bus/bus.module';
export type { BusModuleOptions } from './bus/bus.module';
export { BusRuntime } from './bus/bus-runtime';
export type { BusSource } from './bus/bus-runtime';
export { selectEventBus, jetStreamOptions } from './bus/select-event-bus';
export type { SelectEventBusOptions } from './bus/select-event-bus';
export { durabilityWarning } from './bus/durability-warning';
export { NatsServerLauncher } from './nats/nats-server-launcher';
export type { LaunchedNatsServer, NatsServerLauncherOptions } from './nats/nats-server-launcher';
export { locateNatsServer, NATS_SERVER_EXECUTABLE } from './nats/nats-server-locator';
export type { NatsServerLocation, NatsServerSearch } from './nats/nats-server-locator';
export { probeNats, findFreePort } from './nats/nats-probe';
export type { NatsServerInfo } from './nats/nats-probe';
export { HealthModule } from './health/health.module';
export { HealthController } from './health/health.controller';
export { ReadinessService, READINESS_CHECK_TIMEOUT_MS } from './health/readiness.service';
export type { BusHealth, ComponentHealth, ReadinessReport } from './health/readiness.service';
export { configureHttpApp } from './http/configure-http-app';
export type { HttpAppSettings } from './http/configure-http-app';
export { ProblemDetailsFilter, toProblem } from './http/problem-details.filter';
export { ProblemDetailsException } from './http/problem-details.exception';
export { createValidationPipe, flattenValidationErrors } from './http/validation.pipe';
export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX, problemType } from './http/problem-details';
export type { ProblemDetails } from './http/problem-details';
export {
  API_KEY_SECURITY_SCHEME,
  DOCS_PATH,
  OPENAPI_DOCS,
  OPENAPI_JSON_PATH,
  setupOpenApiDocs,
} from './http/openapi-docs';
export type { OpenApiDocsOptions } from './http/openapi-docs';
export { MASTER_KEY, SecretsModule } from './secrets/secrets.module';
export {
  AUDIT_SIGNING_KEY_AAD,
  AUDIT_SIGNING_KEY_META,
  loadAuditSigningKey,
  resealAuditSigningKey,
} from './secrets/audit-signing-key';
export {
  HttpFastLane,
  HttpFastLaneModule,
  installFastLane,
  writeProblem,
} from './http/fast-lane/http-fast-lane';
export type { FastLaneRequest, FastLaneRoute } from './http/fast-lane/http-fast-lane';
export { readBody } from './http/fast-lane/read-body';
export type { BodyReadFailure } from './http/fast-lane/read-body';
export { bodyShapeViolation, DEFAULT_MAX_BODY_DEPTH } from './http/body-shape';

export { AdminModule, ADMIN_API_DOCS } from './admin.module';
export { AdminCoreModule } from './core/admin-core.module';
export { MASTER_KEY } from '@switchboard/platform';
export { AuditTrail } from './core/audit-trail.service';
export type { AuditChange, AuditedChange } from './core/audit-trail.service';
export { CurrentPrincipal, principalOf, requestIdOf } from './core/admin-request';
export type { AdminRequest } from './core/admin-request';
export {
  PageQuery,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  decodeCreatedCursor,
  encodeCreatedCursor,
} from './core/pagination';
export type { CreatedCursor, Page } from './core/pagination';
export { ApiIfMatch, assertIfMatch, etagOf } from './core/etag';
export { ApiProblems, ProblemDto } from './core/problem.dto';
export { ApiKeysModule } from './api-keys/api-keys.module';
export { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys/api-key.dto';
export { TypeOrmApiKeyStore } from './api-keys/typeorm-api-key.store';
export { AdminKeyBootstrap, BOOTSTRAP_KEY_NAME } from './api-keys/admin-key-bootstrap';
export * from './instances';
export * from './mappings';
export * from './audit';
export * from './flows';
export * from './runs';
export * from './incidents';
export * from './approvals';
export * from './kpis';
export { paginateByCreated } from './core/pagination';

export { AuditEntry } from './audit-entry.entity';
export type { AuditActorType } from './audit-entry.entity';
export { AuditLog } from './audit-log';
export type { AuditLogOptions } from './audit-log';
export { AUDIT_LIST_MAX_LIMIT } from './audit-log.types';
export type {
  AuditBreakReason,
  AuditEntryInput,
  AuditListQuery,
  AuditPage,
  AuditRecord,
  AuditTransaction,
  AuditVerifyResult,
} from './audit-log.types';
export {
  AUDIT_KEY_INFO,
  GENESIS_HASH,
  canonicalEntry,
  deriveAuditKey,
  hashEntry,
  signHash,
} from './audit-chain';
export { canonicalJson } from './canonical-json';
export { AUDIT_REDACTED, SECRET_KEY_PATTERN, redactSecrets } from './redact-secrets';

export { AuditApiModule } from './audit.module';
export { AuditController } from './audit.controller';
export { AuditService, toAuditEntryView } from './audit.service';
export {
  AuditActorDto,
  AuditEntryDto,
  AuditListQueryDto,
  AuditPageDto,
  AuditTargetDto,
  AuditVerifyDto,
} from './audit.dto';

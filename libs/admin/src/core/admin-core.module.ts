import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';
import { MASTER_KEY, SECURITY_PROVIDERS } from './security.providers';
import { AuditLog } from '@switchboard/audit';
import { OutboxModule } from '@switchboard/outbox';
import { SecretBox } from '@switchboard/secrets';

/** Master key, secret box, audit log, outbox and audit trail for the admin API's feature modules. */
@Module({
  imports: [OutboxModule],
  providers: [...SECURITY_PROVIDERS, AuditTrail],
  exports: [MASTER_KEY, SecretBox, AuditLog, AuditTrail],
})
export class AdminCoreModule {}

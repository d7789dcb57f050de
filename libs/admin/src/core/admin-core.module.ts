import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';
import { SECURITY_PROVIDERS } from './security.providers';
import { AuditLog } from '@switchboard/audit';
import { OutboxModule } from '@switchboard/outbox';
import { SecretsModule } from '@switchboard/platform';

/** Master key, secret box, audit log, outbox and audit trail for the admin API's feature modules. */
@Module({
  imports: [SecretsModule, OutboxModule],
  providers: [...SECURITY_PROVIDERS, AuditTrail],
  exports: [SecretsModule, AuditLog, AuditTrail],
})
export class AdminCoreModule {}

import { Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail.service';
import { OutboxModule } from '@switchboard/outbox';
import { SecretsModule } from '@switchboard/platform';

/** Master key, secret box, audit log, outbox and audit trail for the admin API's feature modules. */
@Module({
  imports: [SecretsModule, OutboxModule],
  providers: [AuditTrail],
  exports: [SecretsModule, AuditTrail],
})
export class AdminCoreModule {}

import { Module } from '@nestjs/common';
import { AdminCoreModule } from '../core/admin-core.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** `/api/v1/audit`: read and verify the caller's tenant's audit trail. */
@Module({
  imports: [AdminCoreModule],
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditApiModule {}

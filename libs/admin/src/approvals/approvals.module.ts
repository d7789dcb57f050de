import { Module } from '@nestjs/common';
import { ConnectorTypeRegistry, connectorTypes } from '@switchboard/connector-registry';
import { AdminCoreModule } from '../core/admin-core.module';
import { ApprovalDecider } from './approval-decider';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';

/**
 * `/api/v1/approvals`. Decisions go through the run engine (see ApprovalDecider): the
 * orchestrator's where the app runs one, a bus-less one of its own otherwise. The audit trail and
 * the outbox come from `AdminCoreModule`; `DataSource` (PersistenceModule) from the app.
 */
@Module({
  imports: [AdminCoreModule],
  controllers: [ApprovalsController],
  providers: [
    ApprovalsService,
    ApprovalDecider,
    { provide: ConnectorTypeRegistry, useValue: connectorTypes },
  ],
  exports: [ApprovalsService],
})
export class ApprovalsModule {}

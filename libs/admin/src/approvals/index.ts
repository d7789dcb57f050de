export { ApprovalsModule } from './approvals.module';
export { ApprovalsService } from './approvals.service';
export type { Decision } from './approvals.service';
export { ApprovalsController } from './approvals.controller';
export { ApprovalDecider } from './approval-decider';
export { ApprovalListQuery, DecideApprovalDto } from './approvals.dto';
export type { ApprovalView } from './approvals.dto';

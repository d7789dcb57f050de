export { FlowHead, FlowVersion } from './flow.entities';
export { RunRecord, RunStepRecord } from './run.entities';
export type { RunStatus, StepStatus } from './run.entities';
export { IncidentRecord, IncidentTimelineEntry } from './incident.entities';
export type { IncidentStatus } from './incident.entities';
export { ApprovalRecord } from './approval.entity';
export type { ApprovalStatus } from './approval.entity';

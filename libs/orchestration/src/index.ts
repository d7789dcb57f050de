// @switchboard/orchestration: flows (declarative, versioned), the run engine (detect → enrich →
// decide → act → learn, persisted step by step), incidents and approvals.
import 'reflect-metadata';

export { OrchestrationModule } from './orchestration.module';
export {
  DecideDefault,
  DecideRule,
  DURATION_PATTERN,
  FLOW_NAME_PATTERN,
  FlowDefinition,
  FlowPolicy,
  FlowTrigger,
  STEP_ID_PATTERN,
  STEP_KINDS,
  StepDefinition,
  StepRetry,
} from './definition/flow-definition';
export type { StepKind } from './definition/flow-definition';
export { validateFlow } from './definition/flow-validator';
export type { FlowValidationContext, ResolvedInstance } from './definition/flow-validator';
export { IncidentView, RunContextShape, RunInfo, RUN_CONTEXT_SHAPE } from './context/run-context';
export type { RunContext } from './context/run-context';
export { FlowStore } from './engine/flow-store';
export type { LiveFlow } from './engine/flow-store';
export { ORCHESTRATOR_SOURCE, RESULT_CONSUMER, RunEngine, TRIGGER_CONSUMER } from './engine/run-engine';
export { OrchestratorLoop, TICK_INTERVAL_MS } from './engine/orchestrator-loop';
export { IncidentCorrelator, isAlertEvent } from './incidents/incident-correlator';
export { TimelineBatch } from './incidents/timeline-batch';
export {
  ALERT_TO_TICKET_ACTIONS,
  ALERT_TO_TICKET_TEMPLATE,
  alertToTicketFlow,
  DEFAULT_ALERT_PRIORITIES,
  resolveAlertToTicketConfig,
  type AlertToTicketConfig,
  type OwnerLookupConfig,
  type ResolvedAlertToTicketConfig,
} from './templates/alert-to-ticket.template';

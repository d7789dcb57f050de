// Runs as the API shows them: rows → views, and the timeline a reader follows a run by.
import { redactSecrets } from '@switchboard/audit';
import type { ApprovalRecord, RunRecord, RunStepRecord } from '@switchboard/persistence';
import type { RunStepView, RunSummaryView, RunTimelineEntry } from './runs.dto';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** A stored JSON column, redacted: step data is command data by design, but nothing secret leaves anyway. */
function json(text: string | null): unknown {
  if (text === null) return null;
  try {
    return redactSecrets(JSON.parse(text));
  } catch {
    return null;
  }
}

export function toSummary(run: RunRecord, flowName: string): RunSummaryView {
  return {
    id: run.id,
    flowId: run.flowId,
    flowName,
    flowVersion: run.flowVersion,
    status: run.status,
    trigger: { eventId: run.triggerEventId, type: run.triggerType },
    incidentId: run.incidentId,
    error: run.error,
    humanSteps: run.humanSteps,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
  };
}

export function toStepView(step: RunStepRecord): RunStepView {
  return {
    id: step.stepId,
    seq: step.seq,
    kind: step.kind,
    state: step.status,
    attempt: step.attempt,
    instanceId: step.instanceId,
    action: step.action,
    input: json(step.input),
    output: json(step.output),
    error: json(step.error) as RunStepView['error'],
    explanation: json(step.explanation) as RunStepView['explanation'],
    startedAt: iso(step.startedAt),
    finishedAt: iso(step.finishedAt),
    durationMs:
      step.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
  };
}

/** What a finished (or waiting) step did, in one sentence. */
function stepSummary(step: RunStepView): string {
  const explanation = step.explanation ?? {};
  const because = typeof explanation.because === 'string' ? explanation.because : undefined;
  switch (step.state) {
    case 'skipped':
      return `${step.id} skipped${because ? `: ${because}` : ''}`;
    case 'failed':
      return `${step.id} failed${step.error ? `: ${step.error.code}: ${step.error.message}` : ''}`;
    case 'dispatched':
      return `${step.id} sent ${step.action} (attempt ${step.attempt}) and waits for the result`;
    case 'awaiting_approval':
      return `${step.id} waits for an approval`;
    default:
      if (step.kind === 'decide')
        return `${step.id} decided ${String(explanation.outcome)}${because ? `: ${because}` : ''}`;
      return `${step.id} succeeded${step.action ? ` (${step.action})` : ''}`;
  }
}

function approvalEntries(approval: ApprovalRecord): {
  requested: RunTimelineEntry;
  decided?: RunTimelineEntry;
} {
  const requested: RunTimelineEntry = {
    at: approval.createdAt.toISOString(),
    event: 'approval.requested',
    stepId: approval.stepId,
    summary: `approval requested: ${approval.summary} (expires ${approval.expiresAt.toISOString()})`,
  };
  if (!approval.decidedAt) return { requested };
  return {
    requested,
    decided: {
      at: approval.decidedAt.toISOString(),
      event: `approval.${approval.status}`,
      stepId: approval.stepId,
      summary:
        approval.status === 'expired'
          ? `approval expired (counts as ${approval.onExpiry === 'approve' ? 'approved' : 'rejected'})`
          : `${approval.status} by ${approval.decidedBy}${approval.reason ? `: ${approval.reason}` : ''}`,
    },
  };
}

/**
 * The run's story in time order: started, each step's start and end (decisions with their reason,
 * skips with theirs, failures with the error), approvals requested and decided, and the end. Built
 * from what is persisted, so it reads the same for a run that is still going.
 */
export function timelineOf(
  run: RunRecord,
  flowName: string,
  steps: RunStepView[],
  approvals: ApprovalRecord[],
): RunTimelineEntry[] {
  const entries: RunTimelineEntry[] = [
    {
      at: run.createdAt.toISOString(),
      event: run.status === 'queued' ? 'run.queued' : 'run.started',
      summary:
        `${flowName} v${run.flowVersion} started by ${run.triggerType} (event ${run.triggerEventId})` +
        (run.status === 'queued' ? '; queued behind another run of the same incident' : ''),
    },
  ];
  for (const step of steps) {
    const gates = approvals.filter((approval) => approval.stepId === step.id).map(approvalEntries);
    if (step.startedAt && step.state !== 'skipped')
      entries.push({
        at: step.startedAt,
        event: 'step.started',
        stepId: step.id,
        summary: `${step.id} (${step.kind}) started`,
      });
    entries.push(...gates.map((gate) => gate.requested));
    const decided = gates.flatMap((gate) => (gate.decided ? [gate.decided] : []));
    const waiting = step.state === 'dispatched' || step.state === 'awaiting_approval';
    entries.push(...decided);
    // A waiting step has no end yet: it has waited since it started, or since its approval.
    const at = waiting ? (decided.at(-1)?.at ?? step.startedAt) : step.finishedAt;
    if (at)
      entries.push({
        at,
        event: step.kind === 'decide' && step.state === 'succeeded' ? 'decision' : `step.${step.state}`,
        stepId: step.id,
        summary: stepSummary(step),
      });
  }
  if (run.finishedAt)
    entries.push({
      at: run.finishedAt.toISOString(),
      event: `run.${run.status}`,
      summary:
        run.status === 'failed' ? `run failed: ${run.error ?? 'no reason recorded'}` : `run ${run.status}`,
    });
  // A stable sort: entries at the same instant keep the order they were added in (cause before effect).
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at.localeCompare(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);
}

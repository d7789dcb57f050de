import type { ApprovalRecord, RunRecord, RunStepRecord } from '@switchboard/persistence';
import { timelineOf, toStepView } from './run-records';

const at = (second: number) => new Date(Date.UTC(2026, 10, 22, 7, 15, second));

const run: RunRecord = {
  id: 'run-1',
  tenantId: 'default',
  flowId: 'flow-1',
  flowVersion: 3,
  triggerEventId: 'event-1',
  triggerType: 'io.switchboard.ops.alert.triggered.v1',
  serialKey: null,
  incidentId: null,
  status: 'waiting',
  context: '{}',
  error: null,
  nextWakeAt: null,
  humanSteps: 1,
  createdAt: at(0),
  updatedAt: at(9),
  finishedAt: null,
};

function step(
  fields: Partial<RunStepRecord> & Pick<RunStepRecord, 'stepId' | 'seq' | 'kind' | 'status'>,
): RunStepRecord {
  return {
    runId: run.id,
    attempt: 1,
    idempotencyKey: null,
    instanceId: null,
    action: null,
    input: null,
    output: null,
    error: null,
    explanation: null,
    startedAt: null,
    finishedAt: null,
    ...fields,
  };
}

function approval(fields: Partial<ApprovalRecord>): ApprovalRecord {
  return {
    id: 'approval-1',
    tenantId: 'default',
    runId: run.id,
    stepId: 'restart',
    summary: 'resource.restart on k8s-prod (policy: not in autoApprove)',
    request: JSON.stringify({ resource: { host: 'db-1' }, token: 'hidden' }),
    requestedBy: 'automation:flow/flow-1',
    status: 'pending',
    expiresAt: at(59),
    onExpiry: 'reject',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    createdAt: at(2),
    version: 1,
    ...fields,
  };
}

describe('a run as the API shows it', () => {
  it('redacts secret-looking fields of step data', () => {
    const view = toStepView(
      step({
        stepId: 'restart',
        seq: 0,
        kind: 'act',
        status: 'succeeded',
        input: JSON.stringify({ host: 'db-1', password: 'p' }),
        output: JSON.stringify({ ok: true, nested: { apiKey: 'k' } }),
        startedAt: at(1),
        finishedAt: at(4),
      }),
    );
    expect(view).toMatchObject({
      input: { host: 'db-1', password: '[REDACTED]' },
      output: { ok: true, nested: { apiKey: '[REDACTED]' } },
      durationMs: 3000,
    });
  });

  it('tells a gated step in order: started, approval requested, approved, then sent', () => {
    const steps = [
      step({
        stepId: 'route',
        seq: 0,
        kind: 'decide',
        status: 'succeeded',
        explanation: JSON.stringify({ outcome: 'restart', rule: 0, because: 'the runbook says so' }),
        startedAt: at(1),
        finishedAt: at(1),
      }),
      step({
        stepId: 'restart',
        seq: 1,
        kind: 'act',
        status: 'dispatched',
        action: 'resource.restart',
        startedAt: at(1),
      }),
    ].map(toStepView);
    const approved = approval({
      status: 'approved',
      decidedBy: 'key-approver',
      decidedAt: at(5),
      reason: 'ok',
      version: 2,
    });
    expect(
      timelineOf(run, 'restarts', steps, [approved]).map((entry) => [
        entry.at.slice(17, 19),
        entry.event,
        entry.summary,
      ]),
    ).toEqual([
      ['00', 'run.started', 'restarts v3 started by io.switchboard.ops.alert.triggered.v1 (event event-1)'],
      ['01', 'step.started', 'route (decide) started'],
      ['01', 'decision', 'route decided restart: the runbook says so'],
      ['01', 'step.started', 'restart (act) started'],
      [
        '02',
        'approval.requested',
        `approval requested: ${approved.summary} (expires ${at(59).toISOString()})`,
      ],
      ['05', 'approval.approved', 'approved by key-approver: ok'],
      ['05', 'step.dispatched', 'restart sent resource.restart (attempt 1) and waits for the result'],
    ]);
  });

  it('says what an expiry counted as, and why a run failed', () => {
    const steps = [
      step({
        stepId: 'restart',
        seq: 0,
        kind: 'act',
        status: 'failed',
        error: JSON.stringify({ code: 'rejected', message: 'expired by expiry' }),
        startedAt: at(1),
        finishedAt: at(59),
      }),
    ].map(toStepView);
    const failed: RunRecord = {
      ...run,
      status: 'failed',
      error: 'step restart was expired',
      finishedAt: at(59),
    };
    const expired = approval({ status: 'expired', decidedBy: 'expiry', decidedAt: at(59) });
    expect(
      timelineOf(failed, 'restarts', steps, [expired])
        .slice(-3)
        .map((entry) => entry.summary),
    ).toEqual([
      'approval expired (counts as rejected)',
      'restart failed: rejected: expired by expiry',
      'run failed: step restart was expired',
    ]);
  });
});

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EVENT_BUS, commandSubject, type EventBus } from '@switchboard/bus';
import { parseDuration } from '@switchboard/config';
import { COMMAND_SUCCEEDED_TYPE, createCommand, type CommandResultData } from '@switchboard/connector-sdk';
import {
  createEvent,
  EventType,
  type CloudEvent,
  type ExternalRef,
  type OutcomeData,
} from '@switchboard/events';
import { AuditLog } from '@switchboard/audit';
import { ErrorCode } from '@switchboard/errors';
import { MappingCompiler, mappingCatalog } from '@switchboard/mapping';
import { OutboxRelay, queueEvents } from '@switchboard/outbox';
import {
  ApprovalRecord,
  EntityStatement,
  IncidentRecord,
  ProcessedEventRepository,
  RunRecord,
  RunStepRecord,
  WriteBatch,
  type RunStatus,
} from '@switchboard/persistence';
import { In, LessThanOrEqual, type EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  RUN_CONTEXT_SHAPE,
  RunContextShape,
  type IncidentView,
  type RunContext,
} from '../context/run-context';
import type { FlowDefinition, StepDefinition } from '../definition/flow-definition';
import { holds } from '../expressions/condition';
import { IncidentCorrelator, isAlertEvent } from '../incidents/incident-correlator';
import type { TimelineBatch } from '../incidents/timeline-batch';
import { TransactionEffects } from './transaction-effects';
import { FlowStore } from './flow-store';
import { RunLocks } from './run-lock';
import { incidentSerialKey, takeSerialTurn } from './serial-turn';

/** Runs the transaction in which {@link RunEngine.decide} records a decision (and its caller, e.g., an audit entry). */
export type DecisionTransaction = (
  work: (manager: EntityManager) => Promise<ApprovalRecord | undefined>,
) => Promise<ApprovalRecord | undefined>;

/** Where the orchestrator's commands and events come from. */
export const ORCHESTRATOR_SOURCE = '/hub/orchestrator';
export const TRIGGER_CONSUMER = 'orchestrator-triggers';
export const RESULT_CONSUMER = 'orchestrator-results';
const DEFAULT_APPROVAL_TTL_MS = 3_600_000;
const ACTIVE: RunStatus[] = ['queued', 'running', 'waiting'];

/**
 * Runs flows: starts a run for every enabled flow whose trigger matches an event (after
 * correlating alerts into incidents), then executes its steps in order, persisting each: decide
 * steps record which rule matched and why; enrich and act steps send a command to a connector
 * instance (through the outbox, in the transaction that records the step, with an idempotency key
 * `<run>/<step>#<attempt>` the runtime honours) and the run waits for the result event; approvals
 * wait for a person. Runs of one incident take turns. Nothing here is lost or repeated by a crash:
 * every transition commits with its effects, results and triggers are claimed once per event.
 */
@Injectable()
export class RunEngine {
  private readonly logger = new Logger('RunEngine');
  readonly #locks = new RunLocks();
  readonly #correlator = new IncidentCorrelator();
  readonly #compiler = new MappingCompiler({ catalog: mappingCatalog });
  readonly #processed: ProcessedEventRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly flows: FlowStore,
    @Optional() @Inject(EVENT_BUS) _bus?: EventBus,
    /** Expiries are decisions too: with the audit log, each lands in the trail with the decision. */
    @Optional() private readonly audit?: AuditLog,
  ) {
    this.#processed = new ProcessedEventRepository(dataSource);
    mappingCatalog.registerShape(RUN_CONTEXT_SHAPE, RunContextShape);
  }

  /**
   * A trigger: alerts update their incident; every enabled flow whose trigger matches starts a run
   * pinned to its current version. A redelivered event changes nothing. Resolves with the run ids.
   */
  async onEvent(event: CloudEvent): Promise<string[]> {
    const tenantId = event.tenantid ?? 'default';
    const candidates = (await this.flows.enabledFlows(tenantId)).filter((flow) =>
      flow.definition.trigger.events.includes(event.type),
    );
    const alert = isAlertEvent(event);
    if (candidates.length === 0 && !alert) return [];
    const created: string[] = [];
    const ended: RunRecord[] = [];
    const effects = new TransactionEffects();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.#processed.claim(TRIGGER_CONSUMER, event.id, manager))) return;
      // Before the incident is read: a run of it that is ending commits first, or waits for this.
      if (alert && candidates.length > 0)
        await takeSerialTurn(manager, incidentSerialKey(tenantId, event.data.dedupKey));
      const writes = new WriteBatch(manager);
      const incident = alert
        ? await this.#correlator.observe(manager, writes, event, effects.timeline)
        : undefined;
      for (const flow of candidates) {
        const trigger = flow.definition.trigger;
        if (trigger.when !== undefined && !(await holds(trigger.when, { event, incident }))) continue;
        const serialKey = incident ? incidentSerialKey(tenantId, incident.dedupKey) : null;
        // A run this event started for an earlier flow holds the key too: it must be written first.
        if (created.length > 0) await writes.flush();
        const busy = serialKey !== null && (await ACTIVE_OF_KEY.exists(manager, { serialKey }));
        const now = new Date();
        const id = uuidv7();
        const context: RunContext = {
          event,
          ...(incident ? { incident } : {}),
          steps: {},
          decisions: {},
          config: flow.definition.config ?? {},
          run: { id, flow: flow.name, version: flow.version },
        };
        const run = manager.create(RunRecord, {
          id,
          tenantId,
          flowId: flow.id,
          flowVersion: flow.version,
          triggerEventId: event.id,
          triggerType: event.type,
          serialKey,
          incidentId: incident?.id ?? null,
          status: busy ? 'queued' : 'running',
          context: JSON.stringify(context),
          error: null,
          nextWakeAt: null,
          humanSteps: 0,
          createdAt: now,
          updatedAt: now,
          finishedAt: null,
        });
        const steps = flow.definition.steps.map((step, seq) =>
          manager.create(RunStepRecord, {
            runId: id,
            stepId: step.id,
            seq,
            kind: step.kind,
            status: 'pending' as const,
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
          }),
        );
        if (incident)
          effects.timeline.add(incident.id, 'run.started', {
            runId: id,
            flow: flow.name,
            queued: busy,
          });
        // A new run starts in the transaction that creates it: its rows are written once, as
        // they stand when it first has to wait (nothing else knows the run before the commit).
        if (!busy) await this.execute(manager, writes, run, steps, flow.definition, context, effects);
        writes.insert(RunRecord, [run]).insert(RunStepRecord, steps);
        created.push(id);
        if (run.status === 'succeeded' || run.status === 'failed') ended.push(run);
      }
      await flushWrites(writes, effects);
    });
    await this.outbox.publishNow(effects.publish);
    // A run that ended at once may leave its incident's queue to the next run (say, after a crash).
    for (const run of ended) await this.startNextAfter(run);
    return created;
  }

  /** A command result: the step it answers records it, then the run goes on (or retries, or fails). */
  async onResult(event: CloudEvent<CommandResultData>): Promise<void> {
    const key = event.data.idempotencyKey;
    const runId = key.split('/', 1)[0]!;
    const effects = new TransactionEffects();
    let ended: RunRecord | undefined;
    await this.#locks.with(runId, () =>
      this.dataSource.transaction(async (manager) => {
        if (!(await this.#processed.claim(RESULT_CONSUMER, event.id, manager))) return;
        const writes = new WriteBatch(manager);
        const loaded = await this.load(manager, runId);
        const step = loaded?.steps.find((s) => s.idempotencyKey === key);
        if (!loaded || !step || step.status !== 'dispatched') return;
        const { run, steps, definition, context } = loaded;
        const stepDef = definition.steps.find((s) => s.id === step.stepId)!;
        const now = new Date();
        if (event.type === COMMAND_SUCCEEDED_TYPE) {
          const output = event.data.output ?? {};
          Object.assign(step, { status: 'succeeded', output: JSON.stringify(output), finishedAt: now });
          context.steps[stepDef.as ?? stepDef.id] = output;
          if (stepDef.kind === 'act' && run.incidentId)
            this.actedOn(writes, run.incidentId, stepDef, output, context, effects.timeline);
          Object.assign(run, { status: 'running', updatedAt: now });
        } else {
          const error = event.data.error ?? { code: ErrorCode.Permanent, message: 'the command failed' };
          step.error = JSON.stringify(error);
          const retryable = error.code === ErrorCode.Retryable || error.code === ErrorCode.RateLimited;
          const retry = stepDef.retry;
          if (retryable && retry && step.attempt < retry.attempts) {
            const backoff = (parseDuration(retry.backoff) ?? 30_000) * 2 ** (step.attempt - 1);
            Object.assign(step, { status: 'pending', attempt: step.attempt + 1, idempotencyKey: null });
            Object.assign(run, {
              status: 'waiting',
              nextWakeAt: new Date(now.getTime() + backoff),
              updatedAt: now,
            });
          } else if ((stepDef.onError ?? (stepDef.kind === 'enrich' ? 'continue' : 'fail')) === 'continue') {
            Object.assign(step, { status: 'failed', finishedAt: now });
            Object.assign(run, { status: 'running', updatedAt: now });
          } else {
            Object.assign(step, { status: 'failed', finishedAt: now });
            this.finish(
              writes,
              run,
              context,
              'failed',
              effects,
              `step ${step.stepId} failed: ${error.code}: ${error.message}`,
            );
          }
        }
        // The run goes on in this transaction: the result and the next steps commit together.
        if (run.status === 'running')
          await this.execute(manager, writes, run, steps, definition, context, effects);
        else run.context = JSON.stringify(context);
        this.store(writes, loaded);
        await flushWrites(writes, effects, run);
        if (run.status === 'succeeded' || run.status === 'failed') ended = run;
      }),
    );
    await this.outbox.publishNow(effects.publish);
    if (ended) await this.startNextAfter(ended);
  }

  /** Executes a run's steps until it has to wait (a command, an approval, a retry) or ends. */
  async advance(runId: string): Promise<void> {
    const effects = new TransactionEffects();
    let ended: RunRecord | undefined;
    await this.#locks.with(runId, () =>
      this.dataSource.transaction(async (manager) => {
        const loaded = await this.load(manager, runId);
        if (!loaded || loaded.run.status !== 'running') return;
        const { run, steps, definition, context } = loaded;
        const writes = new WriteBatch(manager);
        await this.execute(manager, writes, run, steps, definition, context, effects);
        this.store(writes, loaded);
        await flushWrites(writes, effects, run);
        if (run.status === 'succeeded' || run.status === 'failed') ended = run;
      }),
    );
    await this.outbox.publishNow(effects.publish);
    if (ended) await this.startNextAfter(ended);
  }

  /** A run and its steps as stored, with snapshots to write back only what changes. */
  private async load(manager: EntityManager, runId: string): Promise<LoadedRun | undefined> {
    const [run] = await SELECT_RUN.select(manager, { id: runId });
    if (!run) return undefined;
    const steps = await SELECT_STEPS.select(manager, { runId });
    const definition = await this.flows.definition(run.flowId, run.flowVersion, manager);
    return {
      run,
      steps,
      definition,
      context: JSON.parse(run.context) as RunContext,
      before: { run: { ...run }, steps: steps.map((step) => ({ ...step })) },
    };
  }

  /**
   * Queues what changed since {@link load}: the changed steps in one statement (a run that ends
   * skips several at once), the run's changed columns in another.
   */
  private store(writes: WriteBatch, loaded: LoadedRun): void {
    const changed = loaded.steps.flatMap((step, i) => {
      const columns = changedColumns(loaded.before.steps[i]!, step);
      return columns ? [{ step, columns }] : [];
    });
    if (changed.length === 1) {
      const [{ step, columns }] = changed as [{ step: RunStepRecord; columns: Partial<RunStepRecord> }];
      writes.update(RunStepRecord, { runId: step.runId, stepId: step.stepId }, columns);
    } else if (changed.length > 1) {
      // The rows exist (the run's transaction read them), so this only ever takes the update branch.
      writes.upsert(
        RunStepRecord,
        changed.map(({ step }) => step),
      );
    }
    const runColumns = changedColumns(loaded.before.run, loaded.run);
    if (runColumns) writes.update(RunRecord, { id: loaded.run.id }, runColumns);
  }

  /**
   * Runs the steps from where the run stands until one has to wait or the run ends, on the rows
   * in memory (the caller writes them); commands go to the outbox (queued on `writes`), in
   * `effects.publish` once committed.
   */
  private async execute(
    manager: EntityManager,
    writes: WriteBatch,
    run: RunRecord,
    steps: RunStepRecord[],
    definition: FlowDefinition,
    context: RunContext,
    effects: TransactionEffects,
  ): Promise<void> {
    const commands: { event: CloudEvent; subject?: string }[] = [];
    let waiting = false;
    for (const stepDef of definition.steps) {
      const step = steps.find((s) => s.stepId === stepDef.id)!;
      if (step.status === 'succeeded' || step.status === 'skipped' || step.status === 'failed') continue;
      if (step.status === 'dispatched' || step.status === 'awaiting_approval') {
        waiting = true;
        break;
      }
      const scope = { manager, writes, run, definition, stepDef, step, context, timeline: effects.timeline };
      const outcome = await this.runStep(scope, commands);
      if (outcome === 'wait') {
        waiting = true;
        break;
      }
      if (outcome === 'fail') {
        this.finish(
          writes,
          run,
          context,
          'failed',
          effects,
          `step ${step.stepId}: ${describeError(step.error)}`,
        );
        break;
      }
    }
    run.context = JSON.stringify(context);
    run.updatedAt = new Date();
    if (run.status === 'running') {
      if (waiting) run.status = 'waiting';
      else this.finish(writes, run, context, 'succeeded', effects);
    }
    for (const { event, subject } of commands)
      effects.publish.push(...queueEvents(writes, [event], subject ? { subject } : {}));
  }

  /** Due work: retries whose backoff ran out, approvals that expired. Returns how many it moved. */
  async tick(now = new Date()): Promise<number> {
    const due = await this.dataSource.getRepository(RunRecord).find({
      where: { status: 'waiting', nextWakeAt: LessThanOrEqual(now) },
      take: 100,
    });
    for (const run of due) {
      await this.#locks.with(run.id, async () => {
        await this.dataSource
          .getRepository(RunRecord)
          .update({ id: run.id, status: 'waiting' }, { status: 'running', nextWakeAt: null, updatedAt: now });
      });
      await this.advance(run.id);
    }
    const expired = await this.dataSource.getRepository(ApprovalRecord).find({
      where: { status: 'pending', expiresAt: LessThanOrEqual(now) },
      take: 100,
    });
    for (const approval of expired) {
      const decision = approval.onExpiry === 'approve' ? 'approved' : 'rejected';
      const audit = this.audit;
      await this.decide(
        approval.id,
        decision,
        'expiry',
        now,
        undefined,
        audit
          ? (work) =>
              audit.transaction(approval.tenantId, async (tx) => {
                const decided = await work(tx.manager);
                if (decided)
                  await tx.append({
                    tenantId: approval.tenantId,
                    actorType: 'automation',
                    actorId: 'approval-expiry',
                    action: 'approval.expire',
                    targetType: 'approval',
                    targetId: approval.id,
                    before: { status: 'pending', expiresAt: approval.expiresAt.toISOString() },
                    after: { status: decided.status, onExpiry: approval.onExpiry, runId: approval.runId },
                  });
                return decided;
              })
          : undefined,
      );
    }
    return due.length + expired.length;
  }

  /**
   * Records a decision on a pending approval and moves its run on. `decidedBy` is the approver's
   * identity (an API key id), or `expiry`. The caller (the admin API) has checked the approver is
   * not the requester; this checks it again.
   */
  async decide(
    approvalId: string,
    decision: 'approved' | 'rejected',
    decidedBy: string,
    now = new Date(),
    reason?: string,
    /** The transaction that records the decision: the admin API's also appends the audit entry. */
    transaction: DecisionTransaction = (work) => this.dataSource.transaction(work),
  ): Promise<ApprovalRecord | undefined> {
    const approval = await this.dataSource.getRepository(ApprovalRecord).findOneBy({ id: approvalId });
    if (!approval) return undefined;
    let resume = false;
    const effects = new TransactionEffects();
    let decided: ApprovalRecord | undefined;
    await this.#locks.with(approval.runId, () =>
      transaction(async (manager) => {
        const current = await manager.findOneBy(ApprovalRecord, { id: approvalId });
        if (!current || current.status !== 'pending') return undefined;
        if (decidedBy === current.requestedBy) return undefined;
        const status = decidedBy === 'expiry' ? 'expired' : decision;
        const changes: Pick<ApprovalRecord, 'status' | 'decidedBy' | 'decidedAt' | 'reason' | 'version'> = {
          status,
          decidedBy,
          decidedAt: now,
          reason: reason ?? null,
          version: current.version + 1,
        };
        // Only if still pending: an approver (admin API) and the expiry ticker may be other processes.
        const updated = await manager.update(
          ApprovalRecord,
          { id: approvalId, status: 'pending', version: current.version },
          changes,
        );
        if (!updated.affected) return undefined;
        decided = Object.assign(current, changes);
        const writes = new WriteBatch(manager);
        const loaded = await this.load(manager, current.runId);
        const step = loaded?.steps.find((s) => s.stepId === current.stepId);
        if (!loaded || !step || step.status !== 'awaiting_approval') return decided;
        const { run, context } = loaded;
        const approved = status === 'approved' || (status === 'expired' && current.onExpiry === 'approve');
        if (run.incidentId)
          effects.timeline.add(run.incidentId, `approval.${status}`, {
            runId: run.id,
            stepId: step.stepId,
            decidedBy,
          });
        if (approved) {
          // An approve step is done; a gated act step goes back to pending and is dispatched now.
          Object.assign(
            step,
            step.kind === 'approve' ? { status: 'succeeded', finishedAt: now } : { status: 'pending' },
          );
          Object.assign(run, { status: 'running', updatedAt: now });
          resume = true;
        } else {
          Object.assign(step, {
            status: 'failed',
            finishedAt: now,
            error: JSON.stringify({ code: 'rejected', message: `${status} by ${decidedBy}` }),
          });
          this.finish(
            writes,
            run,
            context,
            'failed',
            effects,
            `step ${step.stepId} was ${status}${decidedBy === 'expiry' ? '' : ` by ${decidedBy}`}`,
          );
        }
        this.store(writes, loaded);
        await flushWrites(writes, effects, run);
        return decided;
      }),
    );
    await this.outbox.publishNow(effects.publish);
    if (resume) await this.advance(approval.runId);
    else await this.startNextIfDone(approval.runId);
    return decided;
  }

  private async runStep(
    scope: StepScope,
    events: { event: CloudEvent; subject?: string }[],
  ): Promise<'next' | 'wait' | 'fail'> {
    const { manager, writes, run, definition, stepDef, step, context } = scope;
    const now = new Date();
    step.startedAt ??= now;
    if (stepDef.when !== undefined && !(await holds(stepDef.when, context))) {
      Object.assign(step, {
        status: 'skipped',
        finishedAt: now,
        explanation: JSON.stringify({ because: `condition ${stepDef.when} did not hold` }),
      });
      return 'next';
    }
    if (stepDef.kind === 'decide') {
      let outcome = stepDef.default!.outcome;
      let because = stepDef.default!.because;
      let rule: number | null = null;
      for (const [i, candidate] of (stepDef.rules ?? []).entries()) {
        if (await holds(candidate.when, context)) {
          ({ outcome, because } = candidate);
          rule = i;
          break;
        }
      }
      context.decision = outcome;
      context.decisions[stepDef.id] = outcome;
      if (outcome === 'escalate' && run.incidentId)
        writes.update(IncidentRecord, { id: run.incidentId }, { escalated: true });
      Object.assign(step, {
        status: 'succeeded',
        finishedAt: now,
        explanation: JSON.stringify({
          outcome,
          rule,
          because,
          ...(rule === null ? { default: true } : { when: stepDef.rules![rule]!.when }),
        }),
      });
      return 'next';
    }
    if (stepDef.kind === 'approve') {
      await this.requestApproval(
        scope,
        stepDef.summary ?? `Approve step ${stepDef.id} of ${definition.name}`,
        {},
      );
      return 'wait';
    }

    // enrich / act: map the input, check the policy, dispatch the command.
    const instance = await this.flows.instance(run.tenantId, stepDef.instance!, manager);
    if (!instance)
      return this.stepFailed(step, ErrorCode.NotFound, `no connector instance ${stepDef.instance}`);
    const accepted = this.flows.manifestOf(instance.connectorType)?.commands?.[stepDef.action!];
    if (!accepted)
      return this.stepFailed(
        step,
        ErrorCode.Permanent,
        `${instance.connectorType} does not accept ${stepDef.action}`,
      );
    mappingCatalog.registerCommand(stepDef.action!, accepted.input);
    const mapped = await this.mapInput(run.flowId, definition, stepDef, context);
    if (mapped.errors.length > 0)
      return this.stepFailed(
        step,
        ErrorCode.Validation,
        mapped.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      );
    Object.assign(step, {
      instanceId: instance.id,
      action: stepDef.action!,
      input: JSON.stringify(mapped.output),
    });
    if (stepDef.kind === 'act' && !definition.policy.autoApprove.includes(stepDef.action!)) {
      const approved = await manager.existsBy(ApprovalRecord, {
        runId: run.id,
        stepId: stepDef.id,
        status: In(['approved', 'expired']),
      });
      if (!approved) {
        await this.requestApproval(
          scope,
          `${stepDef.action} on ${instance.name} (policy: not in autoApprove)`,
          mapped.output,
        );
        return 'wait';
      }
    }
    const key = `${run.id}/${stepDef.id}#${step.attempt}`;
    const command = createCommand({
      tenantId: run.tenantId,
      instanceId: instance.id,
      action: stepDef.action!,
      input: mapped.output,
      idempotencyKey: key,
      source: ORCHESTRATOR_SOURCE,
      runId: run.id,
      stepId: stepDef.id,
      correlationid: run.incidentId ?? run.id,
      causationid: context.event.id,
    });
    events.push({ event: command, subject: commandSubject(run.tenantId, instance.id, stepDef.action!) });
    Object.assign(step, { status: 'dispatched', idempotencyKey: key });
    return 'wait';
  }

  private stepFailed(step: RunStepRecord, code: string, message: string): 'fail' {
    Object.assign(step, {
      status: 'failed',
      finishedAt: new Date(),
      error: JSON.stringify({ code, message }),
    });
    return 'fail';
  }

  /** The step's command input, mapped from the run context (compiled once per flow version and step). */
  private async mapInput(
    flowId: string,
    definition: FlowDefinition,
    stepDef: StepDefinition,
    context: RunContext,
  ): Promise<{ output: Record<string, unknown>; errors: { path: string; message: string }[] }> {
    let compiled;
    try {
      compiled = this.#compiler.compileVersion(`${flowId}.${stepDef.id}`, context.run.version, {
        name: `${definition.name}.${stepDef.id}`,
        source: { shape: RUN_CONTEXT_SHAPE },
        target: { command: stepDef.action },
        fields: stepDef.input,
      });
    } catch (error) {
      // Valid when the flow was saved, refused now: the connector's input schema changed since.
      const fieldErrors = (error as { fieldErrors?: { path: string; message: string }[] }).fieldErrors;
      return { output: {}, errors: fieldErrors ?? [{ path: 'input', message: String(error) }] };
    }
    return compiled.isAsync ? await compiled.run(context) : compiled.run(context);
  }

  private async requestApproval(
    scope: StepScope,
    summary: string,
    request: Record<string, unknown>,
  ): Promise<void> {
    const { manager, writes, run, definition, stepDef, step, context, timeline } = scope;
    const now = new Date();
    const ttl =
      parseDuration(stepDef.ttl ?? definition.policy.approvalTtl ?? '1h') ?? DEFAULT_APPROVAL_TTL_MS;
    await manager.insert(ApprovalRecord, {
      id: uuidv7(),
      tenantId: run.tenantId,
      runId: run.id,
      stepId: stepDef.id,
      summary: fillSummary(summary, context),
      request: JSON.stringify(request),
      requestedBy: `automation:flow/${run.flowId}`,
      status: 'pending',
      expiresAt: new Date(now.getTime() + ttl),
      onExpiry: stepDef.onExpiry ?? definition.policy.onExpiry ?? 'reject',
      decidedBy: null,
      decidedAt: null,
      reason: null,
      createdAt: now,
      version: 1,
    });
    step.status = 'awaiting_approval';
    run.humanSteps += 1;
    if (run.incidentId) {
      writes.execute(HUMAN_STEP, { id: run.incidentId });
      timeline.add(run.incidentId, 'approval.requested', {
        runId: run.id,
        stepId: stepDef.id,
      });
    }
  }

  /** What an act step's success means for the incident: an action taken, a ticket linked. */
  private actedOn(
    writes: WriteBatch,
    incidentId: string,
    stepDef: StepDefinition,
    output: Record<string, unknown>,
    context: RunContext,
    timeline: TimelineBatch,
  ): void {
    if (stepDef.link === 'incident-ticket' && output.ticket && typeof output.ticket === 'object') {
      const ticket = output.ticket as ExternalRef;
      writes.execute(ACTED_LINKING, { id: incidentId, ticket: JSON.stringify(ticket) });
      if (context.incident) context.incident.ticket = ticket;
      timeline.add(incidentId, 'ticket.linked', { ticket, step: stepDef.id });
    } else {
      writes.execute(ACTED, { id: incidentId });
      timeline.add(incidentId, 'action.succeeded', {
        step: stepDef.id,
        action: stepDef.action,
      });
    }
  }

  /** Ends a run and records its outcome (for the learn step), queued on the caller's transaction. */
  private finish(
    writes: WriteBatch,
    run: RunRecord,
    context: RunContext,
    status: 'succeeded' | 'failed',
    effects: TransactionEffects,
    error?: string,
  ): void {
    const now = new Date();
    Object.assign(run, {
      status,
      context: JSON.stringify(context),
      finishedAt: now,
      updatedAt: now,
      nextWakeAt: null,
      error: error ?? null,
    });
    const outcome: OutcomeData = {
      runId: run.id,
      ...(run.incidentId ? { incidentId: run.incidentId } : {}),
      outcome:
        status === 'failed'
          ? 'failed'
          : Object.values(context.decisions).includes('escalate')
            ? 'escalated'
            : context.event.type === EventType.AlertResolved
              ? 'resolved'
              : 'remediated',
      humanSteps: run.humanSteps,
      automated: run.humanSteps === 0,
      startedAt: run.createdAt.toISOString(),
      endedAt: now.toISOString(),
      durationMs: now.getTime() - run.createdAt.getTime(),
      ...(error ? { detail: error.slice(0, 1_000) } : {}),
    };
    const pending = queueEvents(writes, [
      createEvent<OutcomeData>({
        type: EventType.OutcomeRecorded,
        source: ORCHESTRATOR_SOURCE,
        subject: run.id,
        tenantid: run.tenantId,
        correlationid: run.incidentId ?? run.id,
        causationid: run.triggerEventId,
        data: outcome,
      }),
    ]);
    effects.publish.push(...pending);
    if (run.incidentId)
      effects.timeline.add(run.incidentId, `run.${status}`, {
        runId: run.id,
        ...(error ? { error } : {}),
      });
    if (status === 'failed') this.logger.warn(`Run ${run.id} failed: ${error}`);
  }

  /** When a run of a serial key ended, starts the oldest queued run of that key. */
  private async startNextIfDone(runId: string): Promise<void> {
    const run = await this.dataSource.getRepository(RunRecord).findOneBy({ id: runId });
    if (run && !ACTIVE.includes(run.status)) await this.startNextAfter(run);
  }

  /** {@link startNextIfDone} for a run the caller just ended (as its committed transaction left it). */
  private async startNextAfter(run: Pick<RunRecord, 'serialKey'>): Promise<void> {
    if (!run.serialKey) return;
    const { manager } = this.dataSource;
    const [next] = await OLDEST_QUEUED_OF_KEY.select(manager, { serialKey: run.serialKey });
    if (!next) return;
    if (await RUNNING_OF_KEY.exists(manager, { serialKey: run.serialKey })) return;
    // The queued run starts with the incident as it is now (e.g. with the ticket linked meanwhile).
    await this.#locks.with(next.id, () =>
      this.dataSource.transaction(async (manager) => {
        const current = await manager.findOneBy(RunRecord, { id: next.id, status: 'queued' });
        if (!current) return;
        const context = JSON.parse(current.context) as RunContext;
        if (current.incidentId) {
          const incident = await manager.findOneBy(IncidentRecord, { id: current.incidentId });
          if (incident && context.incident) context.incident = refresh(context.incident, incident);
        }
        await manager.update(
          RunRecord,
          { id: current.id },
          { status: 'running', context: JSON.stringify(context), updatedAt: new Date() },
        );
      }),
    );
    await this.advance(next.id);
  }
}

/**
 * A transaction's queued writes, its timeline lines last, sent before it commits; when they end a
 * run of a serial key, once it is the key's turn (see {@link takeSerialTurn}).
 */
async function flushWrites(writes: WriteBatch, effects: TransactionEffects, run?: RunRecord): Promise<void> {
  effects.timeline.write(writes);
  if (run?.serialKey && (run.status === 'succeeded' || run.status === 'failed'))
    await takeSerialTurn(writes.manager, run.serialKey);
  await writes.flush();
}

function refresh(view: IncidentView, incident: IncidentRecord): IncidentView {
  return {
    ...view,
    status: incident.status,
    ...(incident.ticket ? { ticket: JSON.parse(incident.ticket) as ExternalRef } : {}),
    ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt.toISOString() } : {}),
  };
}

/** `{{path}}` placeholders filled from the context (plain dotted paths). */
function fillSummary(template: string, context: RunContext): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = context;
    for (const part of path.split('.'))
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return value === undefined || value === null ? '' : String(value);
  });
}

function describeError(error: string | null): string {
  if (!error) return 'failed';
  const parsed = JSON.parse(error) as { code: string; message: string };
  return `${parsed.code}: ${parsed.message}`;
}

const SELECT_RUN = new EntityStatement(RunRecord, 'SELECT * FROM "runs" WHERE "id" = :id');
const ACTIVE_OF_KEY = new EntityStatement(
  RunRecord,
  `SELECT 1 FROM "runs" WHERE "serial_key" = :serialKey AND "status" IN (${ACTIVE.map((s) => `'${s}'`).join(', ')}) LIMIT 1`,
);
// An act step's success: one more action on the incident, and the ticket it opened linked.
const ACTED = new EntityStatement(
  IncidentRecord,
  'UPDATE "incidents" SET "actions" = "actions" + 1 WHERE "id" = :id',
);
const HUMAN_STEP = new EntityStatement(
  IncidentRecord,
  'UPDATE "incidents" SET "human_steps" = "human_steps" + 1 WHERE "id" = :id',
);
const ACTED_LINKING = new EntityStatement(
  IncidentRecord,
  'UPDATE "incidents" SET "actions" = "actions" + 1, "ticket" = :ticket WHERE "id" = :id',
);
// Run once per ended run with a serial key (every alert-to-ticket run has one).
const OLDEST_QUEUED_OF_KEY = new EntityStatement(
  RunRecord,
  `SELECT * FROM "runs" WHERE "serial_key" = :serialKey AND "status" = 'queued'
   ORDER BY "created_at", "id" LIMIT 1`,
);
const RUNNING_OF_KEY = new EntityStatement(
  RunRecord,
  `SELECT 1 FROM "runs" WHERE "serial_key" = :serialKey AND "status" IN ('running', 'waiting') LIMIT 1`,
);
const SELECT_STEPS = new EntityStatement(
  RunStepRecord,
  'SELECT * FROM "run_steps" WHERE "run_id" = :runId ORDER BY "seq"',
);

/** One step of a run being executed, with what executing it reads and writes. */
interface StepScope {
  /** Reads (and writes whose count matters) run on it at once. */
  manager: EntityManager;
  /** The transaction's other writes: sent before it commits. */
  writes: WriteBatch;
  run: RunRecord;
  definition: FlowDefinition;
  stepDef: StepDefinition;
  step: RunStepRecord;
  context: RunContext;
  /** Where the step's incident timeline lines go (written when the transaction ends). */
  timeline: TimelineBatch;
}

/** A run loaded for a transition: rows, definition, context, and the rows as they were read. */
interface LoadedRun {
  run: RunRecord;
  steps: RunStepRecord[];
  definition: FlowDefinition;
  context: RunContext;
  before: { run: RunRecord; steps: RunStepRecord[] };
}

/** The columns of `after` that differ from `before` (dates by value), or undefined when none does. */
function changedColumns<T extends object>(before: T, after: T): Partial<T> | undefined {
  let changed: Partial<T> | undefined;
  for (const key of Object.keys(after) as (keyof T)[]) {
    const [was, is] = [before[key], after[key]];
    const same =
      was instanceof Date && is instanceof Date ? was.getTime() === is.getTime() : Object.is(was, is);
    if (!same) (changed ??= {} as Partial<T>)[key] = is;
  }
  return changed;
}

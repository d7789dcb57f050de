import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_BUS, type DeliveryContext, type EventBus, type Subscription } from '@switchboard/bus';
import {
  COMMAND_FAILED_TYPE,
  COMMAND_SUCCEEDED_TYPE,
  commandType,
  connectorSource,
  runAction,
  type CommandResultData,
  type ConnectorCommandData,
} from '@switchboard/connector-sdk';
import { createEvent, type CloudEvent } from '@switchboard/events';
import { ErrorCode, SwitchboardError, errorCodeOf, isSwitchboardError } from '@switchboard/errors';
import { OutboxRelay, queueEvents, type PendingEvent } from '@switchboard/outbox';
import { WriteBatch } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { InstanceHealthService } from '../health/instance-health.service';
import { InstanceHost } from '../hosting/instance-host';
import type { HostedInstance } from '../hosting/hosted-instance';
import { CommandLedger } from './command-ledger';

/** The durable consumer every runtime replica shares: each command is handled by one of them. */
export const COMMAND_CONSUMER = 'connector-runtime-commands';
/** Deliveries of a command before it goes to the DLQ (retryable failures back off in between). */
export const COMMAND_MAX_DELIVERIES = 8;
const DISABLED_RETRY_MS = 60_000;

/**
 * Runs commands addressed to the instances this runtime hosts (`cmd.<tenant>.<instanceId>.<action>`):
 * the input validated against the action's schema, the action run within the instance's
 * concurrency limit, and the outcome recorded in the command ledger together with the result
 * event (`hub.command.succeeded|failed`, `causationid` = the command) in one transaction; the
 * delivery is acked only after that commit. A command whose key already succeeded is answered
 * from the ledger and not run again. Retryable failures go back to the bus with a delay (the
 * vendor's Retry-After when it gave one); anything else, and the last retry, answers `failed` and
 * goes to the dead-letter queue, from where it can be replayed.
 */
@Injectable()
export class CommandWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('CommandWorker');
  readonly #ledger: CommandLedger;
  #subscription?: Subscription;

  constructor(
    private readonly host: InstanceHost,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly health: InstanceHealthService,
  ) {
    this.#ledger = new CommandLedger(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.#subscription = await this.bus.subscribe<ConnectorCommandData>(
      {
        durable: COMMAND_CONSUMER,
        filterSubject: 'cmd.>',
        stream: 'CMD',
        concurrency: 32,
        maxDeliveries: COMMAND_MAX_DELIVERIES,
        backoff: { initialMs: 1_000, factor: 2, maxMs: 5 * 60_000 },
        ackWaitMs: 60_000,
      },
      (event, context) => this.handle(event, context),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.#subscription?.stop();
  }

  /** Handles one delivery; exported for tests through the bus, not called directly. */
  async handle(event: CloudEvent<ConnectorCommandData>, context: DeliveryContext): Promise<void> {
    const [, tenantId, instanceId, ...actionParts] = context.subject.split('.');
    const action = actionParts.join('.');
    const finalAttempt = context.deliveryCount >= COMMAND_MAX_DELIVERIES;
    const hosted = instanceId ? this.host.get(instanceId) : undefined;
    const facts = { tenantId: tenantId ?? '', instanceId: instanceId ?? '', action, event };

    if (event.type !== commandType(action)) {
      return this.fail(
        facts,
        hosted,
        SwitchboardError.permanent(`A ${event.type} cannot be sent to ${context.subject}`),
      );
    }
    if (!hosted || hosted.tenantId !== tenantId) {
      return this.fail(
        facts,
        hosted,
        SwitchboardError.notFound(`No connector instance ${instanceId} in tenant ${tenantId}`),
      );
    }
    if (!hosted.enabled) {
      // Paused by an admin: keep the command until it is enabled again (or the budget runs out).
      const waiting = SwitchboardError.retryable(`Instance ${instanceId} is disabled`, {
        retryAfterMs: DISABLED_RETRY_MS,
      });
      if (finalAttempt) return this.fail(facts, hosted, waiting);
      throw waiting;
    }
    if (!hosted.bound)
      return this.fail(
        facts,
        hosted,
        SwitchboardError.permanent(`Instance ${instanceId} cannot run: ${hosted.problem}`),
      );

    const key = event.data.idempotencyKey;
    const recorded = await this.#ledger.get(instanceId!, key);
    if (recorded?.status === 'succeeded') {
      this.logger.log(
        `Command ${action} ${key} on ${instanceId} already succeeded: answering from the ledger`,
      );
      return this.commit(facts, hosted, { status: 'succeeded', output: recorded.output }, [], true);
    }

    let outcome;
    try {
      outcome = await hosted.limiter.run(() =>
        runAction(hosted.bound!, action, event.data.input, {
          idempotencyKey: key,
          commandId: event.id,
          runId: event.data.runId,
          stepId: event.data.stepId,
          attempt: context.deliveryCount,
          issuedAt: new Date(event.time),
        }),
      );
    } catch (error) {
      const code = errorCodeOf(error);
      const retryable = code === ErrorCode.Retryable || code === ErrorCode.RateLimited;
      if (code !== ErrorCode.Validation) this.health.failed(instanceId!, 'command', error);
      if (retryable && !finalAttempt) throw error;
      return this.fail(facts, hosted, error);
    }
    this.health.succeeded(instanceId!, 'command');
    await this.commit(facts, hosted, { status: 'succeeded', output: outcome.output }, outcome.events);
  }

  /** Answers `failed`, records it, then rethrows so the bus dead-letters the command (replayable). */
  private async fail(
    facts: CommandFacts,
    hosted: HostedInstance | undefined,
    error: unknown,
  ): Promise<never> {
    const code = errorCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    await this.commit(facts, hosted, { status: 'failed', error: { code, message } }, []);
    throw isSwitchboardError(error) && !error.retryable
      ? error
      : SwitchboardError.permanent(`Gave up on command ${facts.event.id}: ${message}`, { cause: error });
  }

  private async commit(
    facts: CommandFacts,
    hosted: HostedInstance | undefined,
    record: {
      status: 'succeeded' | 'failed';
      output?: Record<string, unknown>;
      error?: { code: string; message: string };
    },
    events: CloudEvent[],
    replayed = false,
  ): Promise<void> {
    const data = facts.event.data as Partial<ConnectorCommandData> | undefined;
    const idempotencyKey = typeof data?.idempotencyKey === 'string' ? data.idempotencyKey : facts.event.id;
    const result = createEvent<CommandResultData>({
      type: record.status === 'succeeded' ? COMMAND_SUCCEEDED_TYPE : COMMAND_FAILED_TYPE,
      source: hosted
        ? connectorSource({ connectorType: hosted.connectorType, instanceId: hosted.id })
        : '/hub/connector-runtime',
      subject: idempotencyKey,
      tenantid: facts.tenantId || facts.event.tenantid,
      causationid: facts.event.id,
      correlationid: facts.event.correlationid,
      partitionkey: idempotencyKey,
      data: {
        instanceId: facts.instanceId,
        connectorType: hosted?.connectorType ?? 'unknown',
        action: facts.action,
        idempotencyKey,
        commandId: facts.event.id,
        outcome: record.status,
        ...(data?.runId ? { runId: data.runId } : {}),
        ...(data?.stepId ? { stepId: data.stepId } : {}),
        ...(record.output ? { output: record.output } : {}),
        ...(record.error ? { error: redactedError(record.error, hosted) } : {}),
        ...(replayed ? { replayed: true } : {}),
      },
    });
    const caused = events.map((event) => ({
      ...event,
      causationid: event.causationid ?? facts.event.id,
      correlationid: event.correlationid ?? facts.event.correlationid,
    }));
    let ids: PendingEvent[] = [];
    await this.dataSource.transaction(async (manager) => {
      // The ledger entry and the events in one statement on PostgreSQL (one round trip).
      const writes = new WriteBatch(manager);
      if (hosted && facts.event.data && typeof data?.idempotencyKey === 'string' && !replayed) {
        this.#ledger.record(writes, {
          instanceId: hosted.id,
          tenantId: hosted.tenantId,
          idempotencyKey,
          action: facts.action,
          commandId: facts.event.id,
          record,
        });
      }
      ids = queueEvents(writes, [...caused, result]);
      await writes.flush();
    });
    await this.outbox.publishNow(ids);
  }
}

interface CommandFacts {
  tenantId: string;
  instanceId: string;
  action: string;
  event: CloudEvent<ConnectorCommandData>;
}

function redactedError(error: { code: string; message: string }, hosted: HostedInstance | undefined) {
  const message = hosted?.bound ? hosted.bound.redactor.redactString(error.message) : error.message;
  return {
    code: VALID_CODES.has(error.code) ? error.code : ErrorCode.Permanent,
    message: message.slice(0, 2_000),
  };
}

const VALID_CODES = new Set<string>(Object.values(ErrorCode));

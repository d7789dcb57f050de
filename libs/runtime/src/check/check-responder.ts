import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_BUS, type EventBus, type Subscription } from '@switchboard/bus';
import { checkedEvent, type CheckRequestedData } from '@switchboard/connector-registry';
import { runCheck, type CheckResult } from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import { InstanceHealthService } from '../health/instance-health.service';
import { InstanceHost } from '../hosting/instance-host';

/** The request subject filter of "test connection": `rpc.<tenant>.<instanceId>.instance.check`. */
export const CHECK_SUBJECT_FILTER = 'rpc.*.*.instance.check';

/**
 * Answers "test connection" requests for the instances this runtime hosts by running their
 * `check` hook (within the instance's concurrency limit). Replicas share the requests through a
 * queue group, and a replica that does not host the instance says so rather than guessing.
 */
@Injectable()
export class CheckResponder implements OnApplicationBootstrap, OnModuleDestroy {
  #subscription?: Subscription;

  constructor(
    private readonly host: InstanceHost,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly health: InstanceHealthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.#subscription = await this.bus.reply(
      CHECK_SUBJECT_FILTER,
      (request) => this.answer(request as CloudEvent<CheckRequestedData>),
      { queue: 'connector-runtime-check' },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.#subscription?.stop();
  }

  /** Runs the check of one hosted instance (also used by `runNow`-style admin actions). */
  async check(instanceId: string): Promise<CheckResult> {
    const hosted = this.host.get(instanceId);
    if (!hosted)
      return { ok: false, status: 'misconfigured', detail: `This runtime hosts no instance ${instanceId}` };
    if (!hosted.runnable)
      return { ok: false, status: 'misconfigured', detail: `The instance is not running: ${hosted.problem}` };
    const result = await hosted.limiter.run(() => runCheck(hosted.bound!));
    this.health.checked(instanceId, result);
    return result;
  }

  private async answer(request: CloudEvent<CheckRequestedData>): Promise<CloudEvent> {
    const { instanceId } = request.data;
    const hosted = this.host.get(instanceId);
    const result =
      hosted && hosted.tenantId === request.tenantid
        ? await this.check(instanceId)
        : ({
            ok: false,
            status: 'misconfigured',
            detail: `No instance ${instanceId} in this tenant`,
          } as const);
    return checkedEvent(request.tenantid ?? 'default', instanceId, result);
  }
}

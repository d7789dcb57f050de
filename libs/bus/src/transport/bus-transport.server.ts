import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { CloudEvent } from '@switchboard/events';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { EventBus, Subscription } from '../event-bus';
import { BusContext } from './bus.context';
import {
  BUS_TRANSPORT,
  defaultDurableName,
  type BusEventExtras,
  type BusTransportOptions,
} from './bus-transport.options';

/**
 * A NestJS transport over the Switchboard bus, so handlers are ordinary Nest handlers:
 *
 * ```ts
 * @EventPattern('evt.*.ops.alert.>', { durable: 'orchestrator-alerts', concurrency: 8 })
 * async onAlert(@Payload() event: CloudEvent<Alert>, @Ctx() ctx: BusContext) { … }
 *
 * @MessagePattern('rpc.*.cmdb.ci.lookup')
 * lookup(@Payload() request: CloudEvent) { return createEvent(…) }
 * ```
 *
 * Each `@EventPattern` becomes a durable consumer: the event is acked when the handler (and
 * whatever it returns) completes, retried with backoff when it throws a retryable error, and
 * dead-lettered otherwise. Each `@MessagePattern` serves request/reply on an `rpc.` subject.
 * Works the same over JetStream and the in-process fallback.
 */
export class BusTransportServer extends Server implements CustomTransportStrategy {
  override transportId = BUS_TRANSPORT;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly options: BusTransportOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, handler] of this.messageHandlers) {
        this.subscriptions.push(
          handler.isEventHandler ? await this.consume(pattern, handler) : await this.serve(pattern, handler),
        );
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Drains the consumers; the bus itself belongs to whoever created it. */
  async close(): Promise<void> {
    const subscriptions = this.subscriptions.splice(0);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  }

  on(): never {
    throw new Error('BusTransportServer emits no events: observe the bus through /readyz and /metrics');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private consume(pattern: string, handler: MessageHandler): Promise<Subscription> {
    const extras = (handler.extras ?? {}) as BusEventExtras;
    return this.bus.subscribe(
      {
        ...extras,
        durable: extras.durable ?? defaultDurableName(this.options.durablePrefix, pattern),
        filterSubject: pattern,
      },
      async (event, delivery) => {
        await this.complete(handler(event, new BusContext([delivery, event])));
      },
    );
  }

  private serve(pattern: string, handler: MessageHandler): Promise<Subscription> {
    return this.bus.reply(pattern, async (request) => {
      const reply = await this.complete(handler(request, new BusContext([undefined, request])));
      return reply as CloudEvent;
    });
  }

  /** Waits for a handler's promise or observable, so the ack follows the handler's effects. */
  private async complete(result: Promise<unknown>): Promise<unknown> {
    const value = await result;
    return lastValueFrom(this.transformToObservable(value) as Observable<unknown>, {
      defaultValue: undefined,
    });
  }
}

/**
 * Nest's default RPC exception filter replaces every error by "Internal server error", which would
 * erase the error code that decides retry versus dead letter. This filter passes errors through.
 * {@link connectBusTransport} installs it.
 */
@Catch()
export class BusExceptionPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

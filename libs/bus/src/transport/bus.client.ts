import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { CloudEvent } from '@switchboard/events';
import type { EventBus, PublishAck } from '../event-bus';

/**
 * A Nest `ClientProxy` over the bus: `emit(subject, event)` publishes durably and completes after
 * the store acknowledged it (pass `''` as the subject to derive it from the event type);
 * `send(rpcSubject, request)` is request/reply with the bus's timeout.
 */
export class BusClientProxy extends ClientProxy {
  constructor(private readonly bus: EventBus) {
    super();
  }

  async connect(): Promise<EventBus> {
    return this.bus;
  }

  async close(): Promise<void> {
    // The bus belongs to whoever created it; nothing to release here.
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  protected async dispatchEvent<T = PublishAck>(packet: ReadPacket<CloudEvent>): Promise<T> {
    const subject = typeof packet.pattern === 'string' && packet.pattern !== '' ? packet.pattern : undefined;
    return (await this.bus.publish(packet.data, { subject })) as T;
  }

  protected publish(packet: ReadPacket<CloudEvent>, callback: (packet: WritePacket) => void): () => void {
    this.bus.request(String(packet.pattern), packet.data).then(
      (response) => callback({ response, isDisposed: true }),
      (err: unknown) => callback({ err, isDisposed: true }),
    );
    return () => undefined;
  }
}

import { BaseRpcContext } from '@nestjs/microservices';
import type { CloudEvent } from '@switchboard/events';
import type { DeliveryContext } from '../event-bus';

/** What `@Ctx()` gives a handler served by {@link BusTransportServer}. */
export class BusContext extends BaseRpcContext<[DeliveryContext | undefined, CloudEvent]> {
  /** Delivery details (subject, delivery count, stream sequence, consumer); undefined for request/reply. */
  getDelivery(): DeliveryContext | undefined {
    return this.args[0];
  }

  getEvent(): CloudEvent {
    return this.args[1];
  }
}

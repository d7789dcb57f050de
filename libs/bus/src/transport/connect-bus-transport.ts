import type { INestApplication } from '@nestjs/common';
import type { EventBus } from '../event-bus';
import type { BusTransportOptions } from './bus-transport.options';
import { BusExceptionPassthroughFilter, BusTransportServer } from './bus-transport.server';

/** Attaches the bus transport to an HTTP app (a hybrid app); call `app.startAllMicroservices()` after. */
export function connectBusTransport(
  app: INestApplication,
  bus: EventBus,
  options: BusTransportOptions,
): void {
  const microservice = app.connectMicroservice({ strategy: new BusTransportServer(bus, options) });
  microservice.useGlobalFilters(new BusExceptionPassthroughFilter());
}

import type { INestApplication } from '@nestjs/common';
import type { EventBus } from '../event-bus';
import type { BusTransportOptions } from './bus-transport.options';
import { BusExceptionPassthroughFilter, BusTransportServer } from './bus-transport.server';

/**
 * Attaches the bus transport to an HTTP app (a hybrid app) with handler errors passed through as
 * thrown; call `app.startAllMicroservices()` after.
 *
 * Nest registers a hybrid microservice's handlers as soon as it is connected, with the global
 * filters it has then: a filter added afterwards is ignored (with a warning), and Nest's default
 * one turns every error into a generic retryable "Internal server error". So the microservice is
 * connected deferred, gets the filter, and registers its handlers when it starts listening; its
 * init hooks are marked as run, since they are the app's, which `app.init()` runs once.
 */
export function connectBusTransport(
  app: INestApplication,
  bus: EventBus,
  options: BusTransportOptions,
): void {
  const microservice = app.connectMicroservice(
    { strategy: new BusTransportServer(bus, options) },
    { deferInitialization: true },
  );
  microservice.useGlobalFilters(new BusExceptionPassthroughFilter());
  (microservice as unknown as { setIsInitHookCalled(called: boolean): void }).setIsInitHookCalled(true);
}

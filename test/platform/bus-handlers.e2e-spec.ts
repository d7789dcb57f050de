import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BusContext, EVENT_BUS, type EventBus } from '@switchboard/bus';
import type { SwitchboardConfig } from '@switchboard/config';
import type { CloudEvent } from '@switchboard/events';
import { bootstrapHttpApp, PlatformModule, type RunningHttpApp } from '@switchboard/platform';
import { alertEvent, waitFor } from '../support/bus-fixtures';
import { hubEnv, natsServerBinary, tempDataDir } from './platform-test-env';

const handled: Array<{ title: string; consumer: string }> = [];

@Controller()
class AlertListener {
  @EventPattern('evt.*.ops.alert.>')
  onAlert(@Payload() event: CloudEvent<{ title: string }>, @Ctx() ctx: BusContext): void {
    handled.push({ title: event.data.title, consumer: ctx.getDelivery()!.consumer });
  }
}

/** An app built like the real ones, plus one handler: what a later feature module will look like. */
@Module({})
class ListeningAppModule {
  static forRoot(config: SwitchboardConfig): DynamicModule {
    return {
      module: ListeningAppModule,
      imports: [PlatformModule.forRoot(config, { appName: 'listener' })],
      controllers: [AlertListener],
    };
  }
}

describe.each([
  ['a launched nats-server', { NATS_SERVER_BIN: natsServerBinary() }],
  ['the in-process bus', { SWITCHBOARD_BUS: 'memory' }],
])('an app on %s', (_name, env) => {
  const data = tempDataDir('handlers');
  let app: RunningHttpApp;

  beforeAll(async () => {
    handled.length = 0;
    app = await bootstrapHttpApp(ListeningAppModule, { name: 'listener', env: hubEnv(data.dir, env) });
  });

  afterAll(async () => {
    await app?.close();
    data.remove();
  });

  it('runs the @EventPattern handlers of its modules as durable consumers named after the app', async () => {
    const bus = app.app.get<EventBus>(EVENT_BUS);
    await bus.publish(alertEvent({ tenant: 'default', partition: 'p', n: 1 }));
    await waitFor(() => handled.length === 1);
    expect(handled).toEqual([{ title: 'alert p #1', consumer: 'listener-evt-any-ops-alert-all' }]);
  });
});

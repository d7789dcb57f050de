import { Logger, type LoggerService } from '@nestjs/common';
import {
  InProcessBus,
  JetStreamBus,
  type BusMetrics,
  type JetStreamBusOptions,
  type StreamKey,
  type StreamSettings,
} from '@switchboard/bus';
import { redactUrlCredentials, type SwitchboardConfig } from '@switchboard/config';
import { errorCodeOf, SwitchboardError } from '@switchboard/errors';
import { locateNatsServer } from '../nats/nats-server-locator';
import { NatsServerLauncher, type LaunchedNatsServer } from '../nats/nats-server-launcher';
import { BusRuntime } from './bus-runtime';
import { durabilityOffDetail, durabilityWarning } from './durability-warning';

export interface SelectEventBusOptions {
  /** NATS connection name, shown in the server's monitoring (default `switchboard`). */
  connectionName?: string;
  metrics?: BusMetrics;
  logger?: LoggerService;
}

/**
 * Chooses and connects the bus, as DESIGN.md says: `NATS_URL` if set; else a `nats-server` found
 * on the PATH, started with JetStream in the data directory; else the in-process fallback, loudly.
 * `SWITCHBOARD_BUS=nats` never falls back, `SWITCHBOARD_BUS=memory` goes straight to the fallback.
 * A `NATS_URL` that cannot be reached fails the start in every mode: an operator who names a
 * server wants that server, and silently losing durability in production is worse than not starting.
 */
export async function selectEventBus(
  config: SwitchboardConfig,
  options: SelectEventBusOptions = {},
): Promise<BusRuntime> {
  const logger = options.logger ?? new Logger('Bus');
  const { mode, natsServers } = config.bus;

  if (mode === 'memory') return inProcess(config, options, logger, 'SWITCHBOARD_BUS=memory');

  if (natsServers) {
    const where = natsServers.map(redactUrlCredentials).join(',');
    try {
      const bus = await JetStreamBus.connect(jetStreamOptions(config, options, [...natsServers]));
      logger.log(`Bus: JetStream at ${where} (NATS_URL)`);
      return new BusRuntime(bus, 'nats-url', `JetStream at ${where} (NATS_URL)`);
    } catch (error) {
      throw new SwitchboardError(
        errorCodeOf(error),
        `the NATS server in NATS_URL is not usable: ${messageOf(error)}. ` +
          'Start it or fix NATS_URL; unset NATS_URL to let Switchboard start its own nats-server.',
        { cause: error },
      );
    }
  }

  const location = locateNatsServer({
    explicit: config.bus.natsServerBin,
    searchPath: config.bus.natsServerSearchPath,
  });
  if (!location.found) {
    if (mode === 'nats') {
      throw SwitchboardError.permanent(
        `SWITCHBOARD_BUS=nats but NATS_URL is unset and ${location.reason}. ` +
          'Set NATS_URL, install nats-server (e.g. `apt-get install nats-server`) or set NATS_SERVER_BIN.',
      );
    }
    return inProcess(config, options, logger, `NATS_URL is unset and ${location.reason}`);
  }

  let server: LaunchedNatsServer;
  try {
    server = await new NatsServerLauncher({ binary: location.path, dataDir: config.dataDir }).start();
  } catch (error) {
    if (mode === 'nats') throw error;
    return inProcess(config, options, logger, messageOf(error));
  }
  try {
    const bus = await JetStreamBus.connect(jetStreamOptions(config, options, [server.url]));
    const detail = `JetStream at ${server.url} (nats-server pid ${server.pid} ${server.owned ? 'started' : 'reused'} in ${config.dataDir})`;
    logger.log(`Bus: ${detail}`);
    return new BusRuntime(bus, 'launched-nats-server', detail, server);
  } catch (error) {
    await server.stop();
    if (mode === 'nats') throw error;
    return inProcess(
      config,
      options,
      logger,
      `the nats-server it started is not usable: ${messageOf(error)}`,
    );
  }
}

function inProcess(
  config: SwitchboardConfig,
  options: SelectEventBusOptions,
  logger: LoggerService,
  reason: string,
): BusRuntime {
  const bus = new InProcessBus({ metrics: options.metrics, defaultTenant: config.tenant });
  // Chosen on purpose (SWITCHBOARD_BUS=memory): a warning. Fallen back to: an error-level line.
  if (config.bus.mode === 'memory') logger.warn(durabilityWarning(reason));
  else logger.error(durabilityWarning(reason));
  return new BusRuntime(bus, 'in-process', durabilityOffDetail(reason));
}

/** Stream settings from the configuration; the duplicate window applies to every stream. */
export function jetStreamOptions(
  config: SwitchboardConfig,
  options: SelectEventBusOptions,
  servers: string[],
): JetStreamBusOptions {
  const { streams, duplicateWindowMs } = config.bus;
  const overrides: Record<StreamKey, Partial<StreamSettings>> = {
    EVT: { maxAgeMs: streams.EVT.maxAgeMs, retention: streams.EVT.retention, duplicateWindowMs },
    CMD: { maxAgeMs: streams.CMD.maxAgeMs, duplicateWindowMs },
    DLQ: { maxAgeMs: streams.DLQ.maxAgeMs, duplicateWindowMs },
  };
  return {
    servers,
    name: options.connectionName ?? 'switchboard',
    streams: overrides,
    metrics: options.metrics,
    defaultTenant: config.tenant,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

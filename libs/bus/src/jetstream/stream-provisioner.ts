import type { LoggerService } from '@nestjs/common';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { SwitchboardError } from '@switchboard/errors';
import { DEFAULT_STREAM_SETTINGS, STREAMS, type StreamKey, type StreamSettings } from '../bus.options';

const NS_PER_MS = 1_000_000;

export function resolveStreamSettings(
  overrides: Partial<Record<StreamKey, Partial<StreamSettings>>> = {},
): Record<StreamKey, StreamSettings> {
  const keys = Object.keys(STREAMS) as StreamKey[];
  return Object.fromEntries(
    keys.map((key) => [key, { ...DEFAULT_STREAM_SETTINGS[key], ...overrides[key] }]),
  ) as Record<StreamKey, StreamSettings>;
}

/** The JetStream configuration of one of the hub's streams with these settings. */
export function streamConfig(
  key: StreamKey,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS[key],
): Partial<StreamConfig> & { name: string } {
  // The server rejects a duplicate window longer than the max age.
  const duplicateWindowMs =
    settings.maxAgeMs > 0
      ? Math.min(settings.duplicateWindowMs, settings.maxAgeMs)
      : settings.duplicateWindowMs;
  return {
    name: STREAMS[key].name,
    subjects: [...STREAMS[key].subjects],
    retention: {
      limits: RetentionPolicy.Limits,
      workqueue: RetentionPolicy.Workqueue,
      interest: RetentionPolicy.Interest,
    }[settings.retention],
    storage: settings.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: settings.replicas,
    max_age: settings.maxAgeMs * NS_PER_MS,
    duplicate_window: duplicateWindowMs * NS_PER_MS,
    discard: DiscardPolicy.Old,
    allow_direct: true,
  };
}

/** Fields a running stream can take in place; the others need the stream recreated. */
const UPDATABLE = [
  'subjects',
  'max_age',
  'duplicate_window',
  'num_replicas',
  'discard',
  'allow_direct',
] as const;
const IMMUTABLE = ['retention', 'storage'] as const;

/**
 * Creates the hub's streams or brings their settings to what is configured. Idempotent: every start
 * calls it, and several replicas may call it at once.
 */
export async function provisionStreams(
  jsm: JetStreamManager,
  overrides: Partial<Record<StreamKey, Partial<StreamSettings>>> | undefined,
  logger: LoggerService,
): Promise<void> {
  const settings = resolveStreamSettings(overrides);
  for (const key of Object.keys(STREAMS) as StreamKey[]) {
    const wanted = streamConfig(key, settings[key]);
    const existing = await jsm.streams.info(wanted.name).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)
        return undefined;
      throw error;
    });
    if (!existing) {
      // Adding an identical stream is a no-op on the server, so replicas racing here is harmless.
      await jsm.streams.add(wanted);
      logger.log(`created stream ${wanted.name}`);
      continue;
    }
    const current = existing.config;
    for (const field of IMMUTABLE) {
      if (current[field] !== wanted[field]) {
        throw SwitchboardError.permanent(
          `stream ${wanted.name} has ${field}=${current[field]} but ${wanted[field]} is configured; ` +
            `${field} cannot change in place: back up and delete the stream, or restore the setting`,
        );
      }
    }
    const changed = UPDATABLE.filter(
      (field) => JSON.stringify(current[field]) !== JSON.stringify(wanted[field]),
    );
    if (changed.length > 0) {
      await jsm.streams.update(wanted.name, { ...current, ...wanted });
      logger.log(`updated stream ${wanted.name}: ${changed.join(', ')}`);
    }
  }
}

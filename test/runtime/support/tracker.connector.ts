import {
  checkFailed,
  checkPassed,
  defineConnector,
  idempotentCreate,
  Secret,
  SwitchboardError,
  type ConnectorEvent,
} from '@switchboard/connector-sdk';
import { IsInt, IsOptional, IsString, IsUrl, Min, MinLength } from 'class-validator';
import type { TrackerItem } from './fake-tracker.server';

/** A connector for the fake tracker, exercising every runtime path: webhook, poll, action, check. */
export class TrackerConfig {
  @IsUrl({ require_tld: false, protocols: ['http'], require_protocol: true })
  baseUrl!: string;

  @Secret()
  @IsString()
  @MinLength(4)
  apiToken!: string;

  @Secret()
  @IsOptional()
  @IsString()
  webhookToken?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  pollIntervalMs?: number;
}

export class CreateNoteInput {
  @IsString()
  @MinLength(1)
  text!: string;
}

export class CreateNoteOutput {
  @IsInt()
  noteId!: number;
}

interface AlertPayload {
  id?: unknown;
  title?: unknown;
}

type Cursor = { since: string; seen: number[] };

const alertOf = (id: string, title: string, time: string): ConnectorEvent => ({
  type: 'io.switchboard.ops.alert.triggered.v1',
  subject: id,
  time,
  occurrenceKey: `${id}:${time}`,
  data: { dedupKey: id, status: 'triggered', severity: 'high', title },
});

export const trackerConnector = defineConnector<TrackerConfig, Cursor>({
  manifest: {
    id: 'test-tracker',
    version: '1.0.0',
    category: 'monitoring',
    displayName: 'Test tracker',
    description: 'The fake tracker of the runtime tests.',
    configClass: TrackerConfig,
    auth: [{ type: 'bearer', tokenSecret: 'apiToken' }],
    emits: ['io.switchboard.ops.alert.triggered.v1'],
    commands: {
      'note.create': {
        description: 'Adds a note (idempotent by marker).',
        input: CreateNoteInput,
        output: CreateNoteOutput,
        idempotent: false,
      },
    },
    webhook: { auth: [{ type: 'bearer', tokenSecret: 'webhookToken' }] },
    poll: { intervalMs: 60_000, minIntervalMs: 1_000 },
    rateLimit: { maxConcurrent: 2 },
    pagination: { style: 'offset', maxPageSize: 2 },
  },
  hooks: {
    http: (config) => ({ baseUrl: config.baseUrl, auth: { type: 'bearer', token: config.apiToken } }),
    async check(ctx) {
      try {
        const me = await ctx.http.get<{ user: string; version: string }>('/api/me');
        return checkPassed(`signed in as ${me.data.user}`, { version: me.data.version });
      } catch (error) {
        return checkFailed(error, 'GET /api/me');
      }
    },
    webhook: {
      parse(_ctx, request) {
        const body = request.body as { alerts?: AlertPayload[] };
        if (!Array.isArray(body.alerts))
          throw SwitchboardError.validation('not a tracker payload', [
            { path: 'alerts', message: 'must be an array' },
          ]);
        return body.alerts.map((alert, i) => {
          if (typeof alert.id !== 'string' || typeof alert.title !== 'string')
            throw SwitchboardError.validation('bad alert', [
              { path: `alerts[${i}]`, message: 'needs id and title' },
            ]);
          return alertOf(alert.id, alert.title, '2026-12-01T10:00:00.000Z');
        });
      },
    },
    poll: {
      compareCursors: (a, b) => a.since.localeCompare(b.since),
      async *run(ctx, cursor) {
        const since = cursor?.since ?? '';
        let offset = 0;
        for (;;) {
          const page = await ctx.http.get<{ items: TrackerItem[]; total: number }>('/api/items', {
            query: { since, offset },
          });
          const items = page.data.items;
          if (items.length === 0) return;
          offset += items.length;
          const last = items[items.length - 1]!;
          yield {
            events: items.map((item) => alertOf(`item-${item.id}`, item.title, item.updatedAt)),
            cursor: { since: last.updatedAt, seen: items.map((item) => item.id) },
          };
          if (offset >= page.data.total) return;
        }
      },
    },
    actions: {
      'note.create': async (ctx, input: CreateNoteInput, meta) => {
        const { result } = await idempotentCreate(ctx, {
          key: meta.idempotencyKey,
          command: meta,
          find: async (marker) =>
            (await ctx.http.get<{ notes: { id: number }[] }>('/api/notes', { query: { marker } })).data
              .notes[0],
          create: async (marker) =>
            (await ctx.http.post<{ id: number }>('/api/notes', { marker, text: input.text })).data,
        });
        return { noteId: result.id };
      },
    },
  },
});

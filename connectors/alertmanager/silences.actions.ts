import {
  ErrorCode,
  SwitchboardError,
  idempotentCreate,
  isSwitchboardError,
  type ActionHandler,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import type { AlertmanagerConfig } from './alertmanager.config';
import type { GettableSilence, PostableSilence } from './api-types';
import {
  DURATION_PATTERN,
  type SilenceCreateInput,
  type SilenceCreateOutput,
  type SilenceExpireInput,
  type SilenceExpireOutput,
} from './silence.commands';

/** Silences whose marker counts as "already created": an expired one is history, not a silence. */
const LIVE_STATES = new Set(['active', 'pending']);
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };

/**
 * `silence.create`: at most one silence per idempotency key. The marker goes into the comment
 * (Alertmanager silences have nowhere else to carry it) and is searched for among active and
 * pending silences before creating, so a retry after a lost answer finds the first one.
 */
export const createSilence: ActionHandler<
  AlertmanagerConfig,
  SilenceCreateInput,
  SilenceCreateOutput
> = async (ctx, input, meta) => {
  const { result } = await idempotentCreate(ctx, {
    key: meta.idempotencyKey,
    command: meta,
    find: async (marker) => {
      const { data } = await ctx.http.get<GettableSilence[]>('/api/v2/silences', { signal: ctx.signal });
      const found = (data ?? []).find(
        (silence) => LIVE_STATES.has(silence.status?.state) && silence.comment?.includes(marker),
      );
      return found && { silenceId: found.id };
    },
    create: async (marker) => {
      const body: PostableSilence = {
        matchers: input.matchers.map((m) => ({
          name: m.name,
          value: m.value,
          isRegex: m.isRegex ?? false,
          isEqual: m.isEqual ?? true,
        })),
        // Computed at creation, not before the search: a retry must find, not judge, the old window.
        ...silenceWindow(input, ctx.now()),
        createdBy: input.createdBy ?? 'switchboard',
        comment: `${input.comment} [${marker}]`,
      };
      const { data } = await ctx.http.post<{ silenceID?: string }>('/api/v2/silences', body, {
        signal: ctx.signal,
      });
      if (!data?.silenceID)
        throw SwitchboardError.permanent('POST /api/v2/silences answered without a silenceID');
      return { silenceId: data.silenceID };
    },
  });
  ctx.logger.info('silence ready', { silenceId: result.silenceId, idempotencyKey: meta.idempotencyKey });
  return result;
};

/**
 * `silence.expire`: `DELETE /api/v2/silence/{id}`, idempotent. Looks first: Alertmanager 0.25
 * answers a DELETE of an unknown id with a 500 (which would be retried as an outage) and a
 * DELETE of an expired one with 200, so the state read first says what there is to do.
 */
export const expireSilence: ActionHandler<
  AlertmanagerConfig,
  SilenceExpireInput,
  SilenceExpireOutput
> = async (ctx, input) => {
  const silence = await findSilence(ctx, input.silenceId);
  if (!silence) return { silenceId: input.silenceId, expired: false, previousState: 'unknown' };
  if (silence.status.state === 'expired')
    return { silenceId: input.silenceId, expired: false, previousState: 'expired' };
  await ctx.http.delete(`/api/v2/silence/${encodeURIComponent(input.silenceId)}`, { signal: ctx.signal });
  return { silenceId: input.silenceId, expired: true, previousState: silence.status.state };
};

async function findSilence(
  ctx: ConnectorContext<AlertmanagerConfig>,
  id: string,
): Promise<GettableSilence | undefined> {
  try {
    const { data } = await ctx.http.get<GettableSilence>(`/api/v2/silence/${encodeURIComponent(id)}`, {
      signal: ctx.signal,
    });
    return data;
  } catch (error) {
    if (isSwitchboardError(error) && error.code === ErrorCode.NotFound) return undefined;
    throw error;
  }
}

/** The silence's window, or a `validation` error naming the input field that makes it impossible. */
export function silenceWindow(input: SilenceCreateInput, now: Date): { startsAt: string; endsAt: string } {
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = input.endsAt
    ? new Date(input.endsAt)
    : new Date(startsAt.getTime() + durationMs(input.duration ?? ''));
  const invalid = (path: string, message: string) =>
    SwitchboardError.validation(`Invalid input for silence.create: ${path} ${message}`, [{ path, message }]);
  if (endsAt.getTime() <= startsAt.getTime())
    throw invalid(input.endsAt ? 'input.endsAt' : 'input.duration', 'must end the silence after it starts');
  if (endsAt.getTime() <= now.getTime())
    throw invalid(input.endsAt ? 'input.endsAt' : 'input.startsAt', 'must end the silence in the future');
  return { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

/** `1d12h` → 129 600 000. Zero for anything the input validation would not have let through. */
export function durationMs(duration: string): number {
  if (!DURATION_PATTERN.test(duration)) return 0;
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)([wdhms])/g))
    total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

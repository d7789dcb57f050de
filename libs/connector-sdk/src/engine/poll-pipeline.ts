import type { CloudEvent } from '@switchboard/events';
import { SwitchboardError } from '@switchboard/errors';
import type { ConnectorInstance } from './connector-instance';
import { toEvents } from './action-pipeline';

/** One page of a poll run as the host publishes it. */
export interface PolledPage<TCursor> {
  events: CloudEvent[];
  cursor: TCursor;
}

/**
 * Runs the connector's poll from `cursor`, page by page, as validated CloudEvents. The host
 * publishes a page's events, then checkpoints its cursor, then asks for the next page. A cursor
 * that goes backwards is refused (`permanent`): it would re-read forever.
 */
export async function* pollPages<TConfig extends object, TCursor>(
  instance: ConnectorInstance<TConfig>,
  cursor: TCursor | undefined,
): AsyncGenerator<PolledPage<TCursor>> {
  const { manifest, hooks } = instance.definition;
  const poll = hooks.poll as
    | {
        run(
          ctx: typeof instance.context,
          cursor: TCursor | undefined,
        ): AsyncIterable<{ events: never[]; cursor: TCursor }>;
        compareCursors(a: TCursor, b: TCursor): number;
      }
    | undefined;
  if (!poll) throw SwitchboardError.permanent(`Connector ${manifest.id} does not poll`);
  let last = cursor;
  for await (const page of poll.run(instance.context, cursor)) {
    if (last !== undefined && poll.compareCursors(page.cursor, last) < 0)
      throw SwitchboardError.permanent(
        `Connector ${manifest.id} moved its poll cursor backwards (${JSON.stringify(last)} → ${JSON.stringify(page.cursor)})`,
      );
    last = page.cursor;
    yield { events: toEvents(instance, page.events), cursor: page.cursor };
  }
}

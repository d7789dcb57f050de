import { validateEvent, type CloudEvent } from '@switchboard/events';
import { SwitchboardError } from '@switchboard/errors';
import { toCloudEvent, type ConnectorEvent } from '../events/connector-event';
import type { ActionResult, CommandMeta } from '../hooks/connector-hooks';
import { validateAgainstClass } from '../manifest/schema-validation';
import type { ConnectorInstance } from './connector-instance';

/** What an action produced: its validated output and the events to publish with the result. */
export interface ActionOutcome {
  output: Record<string, unknown>;
  events: CloudEvent[];
}

/**
 * Runs one command: the input validated against the action's input class (a `validation` error
 * naming `input.<field>` otherwise; the handler never sees bad input), the handler, then the
 * output checked against the output class (a connector bug: `permanent`). Errors the handler
 * throws pass through with their code, which decides retry or dead letter.
 */
export async function runAction<TConfig extends object>(
  instance: ConnectorInstance<TConfig>,
  action: string,
  input: unknown,
  meta: CommandMeta,
): Promise<ActionOutcome> {
  const { manifest, hooks } = instance.definition;
  const descriptor = manifest.commands?.[action];
  const handler = hooks.actions?.[action];
  if (!descriptor || !handler)
    throw SwitchboardError.permanent(`Connector ${manifest.id} has no action ${action}`);

  const checked = validateAgainstClass(descriptor.input, input, () => 'input');
  if (!checked.ok)
    throw SwitchboardError.validation(
      `Invalid input for ${action}: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      checked.errors,
    );

  const returned = await handler(instance.context, checked.value as never, meta);
  const result = isActionResult(returned) ? returned : { output: returned, events: [] };
  const output = JSON.parse(JSON.stringify(result.output)) as unknown;
  const verified = validateAgainstClass(descriptor.output, output, () => 'output');
  if (!verified.ok)
    throw SwitchboardError.permanent(
      `Connector ${manifest.id} returned an invalid output for ${action}: ${verified.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    );
  return { output: output as Record<string, unknown>, events: toEvents(instance, result.events ?? []) };
}

function isActionResult(value: object): value is ActionResult<object> {
  return (
    'output' in value &&
    typeof (value as { output: unknown }).output === 'object' &&
    Object.keys(value).every((k) => k === 'output' || k === 'events')
  );
}

/** Connector events as validated CloudEvents of this instance; a bad one is the connector's bug. */
export function toEvents<TConfig extends object>(
  instance: ConnectorInstance<TConfig>,
  events: readonly ConnectorEvent[],
  receivedAt: Date = instance.context.now(),
): CloudEvent[] {
  const { manifest } = instance.definition;
  const origin = {
    tenantId: instance.context.tenantId,
    connectorType: manifest.id,
    instanceId: instance.context.instanceId,
  };
  return events.map((event, i) => {
    if (!manifest.emits.includes(event.type))
      throw SwitchboardError.permanent(
        `Connector ${manifest.id} produced ${event.type}, which its manifest does not emit`,
      );
    const result = validateEvent(toCloudEvent(event, origin, receivedAt));
    if (!result.ok)
      throw SwitchboardError.permanent(
        `Connector ${manifest.id} produced an invalid ${event.type} (event ${i}): ${result.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      );
    return result.event;
  });
}

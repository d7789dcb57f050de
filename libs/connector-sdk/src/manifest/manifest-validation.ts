import { getEventTypeDefinition, isCommandType } from '@switchboard/events';
import type { FieldError } from '@switchboard/errors';
import { ACTION_PATTERN } from '../commands/connector-command';
import type { ConnectorHooks } from '../hooks/connector-hooks';
import { CONNECTOR_CATEGORIES, type ConnectorManifest } from './connector-manifest';
import { secretFieldsOfManifest } from './secret.decorator';
import { webhookSchemeSecrets } from '../webhooks/webhook-auth-scheme';

const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Everything wrong with a manifest and its hooks, as path-qualified errors; empty when valid.
 * Checks the static facts (id, semver, category, classes), that every emitted type is a
 * registered canonical event type, that webhook secrets name secret fields, and that hooks and
 * manifest agree (a webhook hook needs `manifest.webhook`, each command its action and back).
 */
export function manifestProblems(
  manifest: ConnectorManifest,
  hooks?: ConnectorHooks<object, unknown>,
): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });

  if (typeof manifest.id !== 'string' || !ID_PATTERN.test(manifest.id))
    problem('id', 'must be lower-case letters, digits, - or _, starting with a letter');
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version))
    problem('version', 'must be a semver version such as 1.0.0');
  if (!CONNECTOR_CATEGORIES.includes(manifest.category))
    problem('category', `must be one of ${CONNECTOR_CATEGORIES.join(', ')}`);
  if (typeof manifest.displayName !== 'string' || manifest.displayName.trim() === '')
    problem('displayName', 'must be a non-empty string');
  if (typeof manifest.description !== 'string' || manifest.description.trim() === '')
    problem('description', 'must be a non-empty string');
  if (typeof manifest.configClass !== 'function') problem('configClass', 'must be a class');
  if (!Array.isArray(manifest.auth) || manifest.auth.length === 0)
    problem('auth', "must list at least one scheme ({ type: 'none' } when the tool needs no credentials)");

  (manifest.emits ?? []).forEach((type, i) => {
    if (isCommandType(type)) problem(`emits[${i}]`, `${type} is a command, not an event`);
    else if (!getEventTypeDefinition(type)) problem(`emits[${i}]`, `${type} is not a registered event type`);
  });
  if (!Array.isArray(manifest.emits)) problem('emits', 'must be an array of event types');

  const secrets =
    typeof manifest.configClass === 'function' ? new Set(secretFieldsOfManifest(manifest)) : new Set();
  manifest.webhook?.auth.forEach((scheme, i) => {
    for (const field of webhookSchemeSecrets(scheme))
      if (!secrets.has(field))
        problem(`webhook.auth[${i}]`, `names ${field}, which is not a secret field of the config`);
  });
  if (manifest.poll && !(Number.isInteger(manifest.poll.intervalMs) && manifest.poll.intervalMs >= 1000))
    problem('poll.intervalMs', 'must be an integer of at least 1000 (ms)');

  for (const [action, command] of Object.entries(manifest.commands ?? {})) {
    if (!ACTION_PATTERN.test(action))
      problem(`commands.${action}`, 'must be named <entity>.<verb>, e.g. ticket.create');
    if (typeof command.input !== 'function') problem(`commands.${action}.input`, 'must be a class');
    if (typeof command.output !== 'function') problem(`commands.${action}.output`, 'must be a class');
  }

  if (hooks) {
    if (typeof hooks.check !== 'function') problem('hooks.check', 'is required');
    if (hooks.webhook && !manifest.webhook)
      problem('webhook', 'must be declared: the connector has a webhook hook');
    if (manifest.webhook && !hooks.webhook)
      problem('hooks.webhook', 'is missing: the manifest declares a webhook');
    if (hooks.poll && !manifest.poll) problem('poll', 'must be declared: the connector has a poll hook');
    if (manifest.poll && !hooks.poll) problem('hooks.poll', 'is missing: the manifest declares polling');
    const declared = Object.keys(manifest.commands ?? {});
    const handled = Object.keys(hooks.actions ?? {});
    for (const action of declared.filter((a) => !handled.includes(a)))
      problem(`hooks.actions.${action}`, 'is missing: the manifest declares this command');
    for (const action of handled.filter((a) => !declared.includes(a)))
      problem(`commands.${action}`, 'must be declared: the connector handles this command');
  }
  return problems;
}

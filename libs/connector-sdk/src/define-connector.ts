import { SwitchboardError } from '@switchboard/errors';
import { registerCommandType } from './commands/connector-command';
import type { ConnectorHooks } from './hooks/connector-hooks';
import type { ConnectorManifest } from './manifest/connector-manifest';
import { manifestProblems } from './manifest/manifest-validation';

/** A connector: its static manifest and its behaviour hooks. What a connector package exports. */
export interface ConnectorDefinition<TConfig extends object = object, TCursor = unknown> {
  readonly manifest: ConnectorManifest<TConfig>;
  readonly hooks: ConnectorHooks<TConfig, TCursor>;
}

/** Any connector definition, whatever its config and cursor types (catalogues, registries). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- hooks are contravariant in the config type
export type AnyConnectorDefinition = ConnectorDefinition<any, any>;

/**
 * Declares a connector. Checks the manifest against its hooks at once (a mistake fails the import,
 * not the first webhook) and registers the command type of every declared action.
 *
 * ```ts
 * export const jiraConnector = defineConnector({
 *   manifest: { id: 'jira', version: '1.0.0', category: 'ticketing', configClass: JiraConfig, … },
 *   hooks: { check: async (ctx) => …, actions: { 'ticket.create': createIssue } },
 * });
 * ```
 *
 * @throws SwitchboardError (`validation`) listing every problem.
 */
export function defineConnector<TConfig extends object, TCursor = unknown>(
  definition: ConnectorDefinition<TConfig, TCursor>,
): ConnectorDefinition<TConfig, TCursor> {
  const problems = manifestProblems(
    definition.manifest as ConnectorManifest,
    definition.hooks as unknown as ConnectorHooks<object, unknown>,
  );
  if (problems.length > 0) {
    throw SwitchboardError.validation(
      `Connector ${String(definition.manifest.id)} is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      problems,
    );
  }
  for (const action of Object.keys(definition.manifest.commands ?? {})) registerCommandType(action);
  return Object.freeze({ manifest: definition.manifest, hooks: definition.hooks });
}

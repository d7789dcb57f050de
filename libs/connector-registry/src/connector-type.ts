/** What a connector talks to; decides where it is listed and which canonical events it speaks. */
export const CONNECTOR_CATEGORIES = ['monitoring', 'ticketing', 'cmdb', 'identity', 'cloud'] as const;
export type ConnectorCategory = (typeof CONNECTOR_CATEGORIES)[number];

/** A class-validator decorated config class, constructible without arguments. */
export type ConnectorConfigClass<T extends object = object> = new () => T;

/**
 * The static manifest of a connector type: everything the admin API needs to list the type and to
 * render and validate an instance's config without running connector code.
 */
export interface ConnectorTypeDefinition<TConfig extends object = object> {
  /** Lower-case, e.g. `jira`, `servicenow`. Appears in event sources: `/connectors/<id>/<instance>`. */
  id: string;
  /** Semver of the connector implementation, e.g. `1.4.0`. Instances pin a range of it. */
  version: string;
  category: ConnectorCategory;
  displayName: string;
  description: string;
  /**
   * The instance configuration, secrets included: mark secret properties with `@Secret()`. Unknown
   * properties are rejected.
   */
  configClass: ConnectorConfigClass<TConfig>;
  /**
   * Secret properties in addition to those marked `@Secret()`, for config classes you cannot
   * decorate. Prefer the decorator.
   */
  secretFields?: readonly string[];
  /** What the connector can do, e.g. `webhook`, `poll`, `ticket.create`. */
  capabilities: readonly string[];
}

/** A connector type as the admin API shows it: the manifest with the config's JSON Schema. */
export interface ConnectorTypeManifest {
  id: string;
  version: string;
  category: ConnectorCategory;
  displayName: string;
  description: string;
  capabilities: string[];
  secretFields: string[];
  configSchema: Record<string, unknown>;
}

import {
  manifestDocument,
  manifestProblems,
  type AnyConnectorDefinition,
  type ConnectorManifest,
  type ManifestDocument,
} from '@switchboard/connector-sdk';
import { SwitchboardError } from '@switchboard/errors';

/**
 * The connector types this process knows: connector packages are registered into it at start
 * (see `@switchboard/connectors`); the admin API lists them, validates instance config against
 * them and serves their manifests; the runtime runs their hooks. Inject it by class;
 * {@link connectorTypes} is the process-wide instance.
 */
export class ConnectorTypeRegistry {
  readonly #types = new Map<string, AnyConnectorDefinition>();
  readonly #documents = new Map<string, ManifestDocument>();

  /**
   * Adds a connector. The same definition again is a no-op; another definition under a registered
   * id is a `conflict` error: two meanings for one id would make stored instances ambiguous.
   */
  register<T extends AnyConnectorDefinition>(definition: T): T {
    const problems = manifestProblems(definition.manifest as ConnectorManifest, definition.hooks);
    if (problems.length > 0)
      throw SwitchboardError.validation(`Invalid connector type ${String(definition.manifest.id)}`, problems);
    const existing = this.#types.get(definition.manifest.id);
    if (existing) {
      if (existing === definition) return definition;
      throw SwitchboardError.conflict(`Connector type ${definition.manifest.id} is already registered`);
    }
    this.#types.set(definition.manifest.id, definition);
    return definition;
  }

  /** The connector registered under `id`, or undefined. */
  get(id: string): AnyConnectorDefinition | undefined {
    return this.#types.get(id);
  }

  /** Every registered connector, sorted by id. */
  list(): AnyConnectorDefinition[] {
    return [...this.#types.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  }

  /** The manifest document of a registered type (built once), or undefined. */
  manifest(id: string): ManifestDocument | undefined {
    const definition = this.#types.get(id);
    if (!definition) return undefined;
    let document = this.#documents.get(id);
    if (!document) {
      document = manifestDocument(definition.manifest as ConnectorManifest, definition.hooks);
      this.#documents.set(id, document);
    }
    return document;
  }

  /** Every manifest document, sorted by id. */
  manifests(): ManifestDocument[] {
    return this.list().map((definition) => this.manifest(definition.manifest.id)!);
  }
}

/** The process-wide registry connector packages are registered into. */
export const connectorTypes = new ConnectorTypeRegistry();

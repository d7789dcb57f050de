import { SwitchboardError } from '@switchboard/errors';
import { configJsonSchema } from './config-json-schema';
import {
  CONNECTOR_CATEGORIES,
  type ConnectorTypeDefinition,
  type ConnectorTypeManifest,
} from './connector-type';
import { secretFieldsOf } from './secret.decorator';

const TYPE_ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Every secret field of a type: `@Secret()` properties plus `secretFields`. */
export function secretFieldsOfType(type: ConnectorTypeDefinition): string[] {
  return [...new Set([...secretFieldsOf(type.configClass), ...(type.secretFields ?? [])])];
}

/**
 * The connector types this process knows. Connector packages register their type at import;
 * the admin API lists them, validates instance config against them and publishes their schemas.
 * Inject it by class; {@link connectorTypes} is the process-wide instance.
 */
export class ConnectorTypeRegistry {
  readonly #types = new Map<string, ConnectorTypeDefinition>();

  /**
   * Adds a type. The same definition again is a no-op; another definition under a registered id
   * is a `conflict` error: two meanings for one id would make stored instances ambiguous.
   */
  register<T extends object>(definition: ConnectorTypeDefinition<T>): ConnectorTypeDefinition<T> {
    const problems = checkDefinition(definition as ConnectorTypeDefinition);
    if (problems.length > 0)
      throw SwitchboardError.validation(`Invalid connector type ${String(definition.id)}`, problems);
    const existing = this.#types.get(definition.id);
    if (existing) {
      if (existing === definition) return definition;
      throw SwitchboardError.conflict(`Connector type ${definition.id} is already registered`);
    }
    this.#types.set(definition.id, definition as ConnectorTypeDefinition);
    return definition;
  }

  /** The type registered under `id`, or undefined. */
  get(id: string): ConnectorTypeDefinition | undefined {
    return this.#types.get(id);
  }

  /** Every registered type, sorted by id. */
  list(): ConnectorTypeDefinition[] {
    return [...this.#types.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The manifest of a registered type, with its config JSON Schema; undefined when unknown. */
  manifest(id: string): ConnectorTypeManifest | undefined {
    const type = this.#types.get(id);
    return type && toManifest(type);
  }

  /** Every manifest, sorted by id. */
  manifests(): ConnectorTypeManifest[] {
    return this.list().map(toManifest);
  }
}

function toManifest(type: ConnectorTypeDefinition): ConnectorTypeManifest {
  const secretFields = secretFieldsOfType(type);
  return {
    id: type.id,
    version: type.version,
    category: type.category,
    displayName: type.displayName,
    description: type.description,
    capabilities: [...type.capabilities],
    secretFields,
    configSchema: configJsonSchema(type.configClass, secretFields),
  };
}

function checkDefinition(definition: ConnectorTypeDefinition): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof definition.id !== 'string' || !TYPE_ID_PATTERN.test(definition.id))
    problems.push({
      path: 'id',
      message: 'must be lower-case letters, digits, - or _, starting with a letter',
    });
  if (typeof definition.version !== 'string' || !SEMVER_PATTERN.test(definition.version))
    problems.push({ path: 'version', message: 'must be a semver version such as 1.0.0' });
  if (!CONNECTOR_CATEGORIES.includes(definition.category))
    problems.push({ path: 'category', message: `must be one of ${CONNECTOR_CATEGORIES.join(', ')}` });
  if (typeof definition.configClass !== 'function')
    problems.push({ path: 'configClass', message: 'must be a class' });
  return problems;
}

/** The process-wide registry connector packages register into. */
export const connectorTypes = new ConnectorTypeRegistry();

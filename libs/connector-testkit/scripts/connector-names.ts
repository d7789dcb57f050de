import { CONNECTOR_CATEGORIES, type ConnectorCategory } from '@switchboard/connector-sdk';

/** Lower-case words separated by `-`, starting with a letter: a folder, a file prefix, a manifest id. */
const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 40;
/** Names a connector folder cannot take: `connectors/index.ts` is the catalogue. */
const RESERVED_IDS = new Set(['index']);

/** The identifiers a new connector's files use, all derived from its id. */
export interface ConnectorNames {
  /** `service-desk` */
  id: string;
  /** `Service Desk` */
  displayName: string;
  /** `ServiceDesk`: prefix of the config class. */
  pascal: string;
  /** `serviceDeskConnector`: the exported definition. */
  exportName: string;
  category: ConnectorCategory;
}

/** A problem with what the user asked for: the CLI prints the message alone, no stack. */
export class ScaffoldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaffoldError';
  }
}

/** Checks the id and category and derives every name; throws a {@link ScaffoldError} saying what to type instead. */
export function connectorNames(
  id: string,
  category: string | undefined,
  displayName?: string,
): ConnectorNames {
  if (!ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH)
    throw new ScaffoldError(
      `The connector id "${id}" must be lower-case letters and digits, words separated by "-", ` +
        `starting with a letter and at most ${MAX_ID_LENGTH} characters (e.g. "service-now")`,
    );
  if (RESERVED_IDS.has(id))
    throw new ScaffoldError(`"${id}" is reserved: connectors/${id}.ts is the catalogue`);
  if (category === undefined)
    throw new ScaffoldError(`--category is required: one of ${CONNECTOR_CATEGORIES.join(', ')}`);
  if (!(CONNECTOR_CATEGORIES as readonly string[]).includes(category))
    throw new ScaffoldError(`Unknown category "${category}": use one of ${CONNECTOR_CATEGORIES.join(', ')}`);

  const words = id.split('-');
  const capitalised = words.map((word) => word[0]!.toUpperCase() + word.slice(1));
  const pascal = capitalised.join('');
  return {
    id,
    displayName: displayName?.trim() || capitalised.join(' '),
    pascal,
    exportName: `${pascal[0]!.toLowerCase()}${pascal.slice(1)}Connector`,
    category: category as ConnectorCategory,
  };
}

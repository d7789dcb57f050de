import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { countedWrite, placeholderStyle, type PreparedWrite } from './driver-sql';

// Writes of whole rows or of a few columns, for the hot paths: the SQL text is built once per
// entity, dialect and shape (row count, column set) and cached, and values are stored exactly as
// the ORM stores them. The query builder rebuilds and re-escapes its SQL on every call instead.

const texts = new WeakMap<EntityMetadata, Map<string, string>>();

function cached(
  manager: EntityManager,
  metadata: EntityMetadata,
  shape: string,
  build: (p: Placeholders) => string,
) {
  const key = `${manager.connection.options.type}:${shape}`;
  let byShape = texts.get(metadata);
  if (!byShape) texts.set(metadata, (byShape = new Map()));
  let text = byShape.get(key);
  if (!text) {
    const placeholder = placeholderStyle(manager);
    let n = 0;
    text = build(() => placeholder(++n));
    byShape.set(key, text);
  }
  return text;
}

/** The next placeholder of the statement being built (`?` or `$n`). */
type Placeholders = () => string;

const quoted = (column: ColumnMetadata) => `"${column.databaseName}"`;

function tuples(metadata: EntityMetadata, count: number, next: Placeholders): string {
  return Array.from({ length: count }, () => `(${metadata.columns.map(() => next()).join(', ')})`).join(', ');
}

function rowValues<Entity extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  rows: readonly Entity[],
) {
  const { driver } = manager.connection;
  const parameters: unknown[] = [];
  for (const row of rows)
    for (const column of metadata.columns)
      parameters.push(driver.preparePersistentValue(row[column.propertyName] ?? null, column));
  return parameters;
}

/** Inserts whole entities (every column) in one statement. */
export function insertEntities<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  rows: readonly Entity[],
): Promise<void> {
  return writeRows(manager, entity, rows, false);
}

/**
 * Writes whole entities in one statement: a row whose primary key exists gets every other column
 * replaced, a new one is inserted.
 */
export function upsertEntities<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  rows: readonly Entity[],
): Promise<void> {
  return writeRows(manager, entity, rows, true);
}

async function writeRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  rows: readonly Entity[],
  upsert: boolean,
): Promise<void> {
  const write = prepareRows(manager, entity, rows, upsert);
  if (write) await manager.query(write.text, write.parameters);
}

/** The statement {@link insertEntities} (or, `upsert`, {@link upsertEntities}) runs; none for no rows. */
export function prepareRows<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  rows: readonly Entity[],
  upsert: boolean,
): PreparedWrite | undefined {
  if (rows.length === 0) return undefined;
  const metadata = manager.connection.getMetadata(entity);
  const text = cached(manager, metadata, `${upsert ? 'upsert' : 'insert'}:${rows.length}`, (next) => {
    const insert =
      `INSERT INTO "${metadata.tableName}" (${metadata.columns.map(quoted).join(', ')}) ` +
      `VALUES ${tuples(metadata, rows.length, next)}`;
    if (!upsert) return insert;
    const others = metadata.columns.filter((column) => !column.isPrimary);
    return (
      `${insert} ON CONFLICT (${metadata.primaryColumns.map(quoted).join(', ')}) DO UPDATE SET ` +
      others.map((column) => `${quoted(column)} = EXCLUDED.${quoted(column)}`).join(', ')
    );
  });
  return { table: metadata.tableName, text, parameters: rowValues(manager, metadata, rows) };
}

/**
 * `UPDATE … SET <changes> WHERE <where>` (every condition an equality to a value), both given as
 * entity properties; resolves with the number of rows changed.
 *
 * @throws Error naming a property the entity does not have, or a condition on null/undefined
 */
export async function updateColumns<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  where: Partial<Entity>,
  changes: Partial<Entity>,
): Promise<number> {
  const write = prepareUpdate(manager, entity, where, changes);
  return write ? countedWrite(manager, write.text, write.parameters) : 0;
}

/** The statement {@link updateColumns} runs; none when there is nothing to change. */
export function prepareUpdate<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  where: Partial<Entity>,
  changes: Partial<Entity>,
): PreparedWrite | undefined {
  const metadata = manager.connection.getMetadata(entity);
  for (const [property, value] of Object.entries(where))
    if (value === null || value === undefined)
      throw new Error(`updateColumns: where.${property} is ${value}`);
  const set = columnsOf(metadata, Object.keys(changes));
  const match = columnsOf(metadata, Object.keys(where));
  if (set.length === 0) return undefined;
  const text = cached(
    manager,
    metadata,
    `update:${set.map((c) => c.propertyName).join(',')}:${match.map((c) => c.propertyName).join(',')}`,
    (next) =>
      `UPDATE "${metadata.tableName}" SET ${set.map((column) => `${quoted(column)} = ${next()}`).join(', ')}` +
      (match.length > 0
        ? ` WHERE ${match.map((column) => `${quoted(column)} = ${next()}`).join(' AND ')}`
        : ''),
  );
  const { driver } = manager.connection;
  const parameters = [
    ...set.map((column) => driver.preparePersistentValue(changes[column.propertyName] ?? null, column)),
    ...match.map((column) => driver.preparePersistentValue(where[column.propertyName], column)),
  ];
  return { table: metadata.tableName, text, parameters };
}

function columnsOf(metadata: EntityMetadata, properties: string[]): ColumnMetadata[] {
  return properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no property ${property}`);
    return column;
  });
}

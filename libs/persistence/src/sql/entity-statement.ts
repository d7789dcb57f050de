import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { countedWrite, placeholderStyle, type PreparedWrite } from './driver-sql';

/** A statement as one driver runs it: its text with the driver's placeholders, and what fills them. */
interface Compiled {
  readonly text: string;
  /** Per placeholder, in order: the parameter's name and the column that stores it, if any. */
  readonly slots: readonly { name: string; column: ColumnMetadata | undefined }[];
  readonly metadata: EntityMetadata;
}

type Driver = EntityManager['connection']['driver'];

const NAMED_PARAMETER = /:([A-Za-z_][A-Za-z0-9_]*)/g;
/** `_0`, `_1`…: the row of a multi-row statement a parameter belongs to. */
const ROW_SUFFIX = /_\d+$/;

/**
 * A hand-written statement on one entity's table, for the hot paths (a bus consumer runs a few
 * per event) and for what the query builder cannot say in one statement (an upsert that counts).
 *
 * The text is the same on SQLite and PostgreSQL, with `:named` parameters. It is compiled once
 * per driver to the driver's placeholders (`?` or `$n`), so a call only fills an array: the query
 * builder instead rebuilds and re-escapes the SQL on every call, which was a fifth of the hub's
 * CPU under load. A parameter named after a property of the entity is stored the way its column
 * stores it (a Date as SQLite's datetime text, a boolean as 0/1), and so is one named after a
 * property with a row number (`:at_0`, `:at_1` in a multi-row insert); rows that a SELECT returns
 * (`SELECT *`) come back as entities, each column read the way TypeORM reads it.
 */
export class EntityStatement<Entity extends ObjectLiteral> {
  readonly #compiled = new WeakMap<Driver, Compiled>();

  constructor(
    private readonly entity: EntityTarget<Entity>,
    private readonly sql: string,
  ) {}

  /** Runs it; resolves with the number of rows it wrote. */
  async execute(manager: EntityManager, parameters: Record<string, unknown>): Promise<number> {
    const write = this.prepare(manager, parameters);
    return countedWrite(manager, write.text, write.parameters);
  }

  /** The write {@link execute} runs, to queue on a `WriteBatch`. */
  prepare(manager: EntityManager, parameters: Record<string, unknown>): PreparedWrite {
    const compiled = this.#compile(manager);
    return {
      table: compiled.metadata.tableName,
      text: compiled.text,
      parameters: values(manager.connection.driver, compiled, parameters),
    };
  }

  /** Runs a `SELECT *` of the entity's table; resolves with the rows as entities. */
  async select(manager: EntityManager, parameters: Record<string, unknown>): Promise<Entity[]> {
    const compiled = this.#compile(manager);
    const { driver } = manager.connection;
    const rows = (await manager.query(compiled.text, values(driver, compiled, parameters))) as Record<
      string,
      unknown
    >[];
    return rows.map((row) => hydrate(driver, compiled.metadata, row));
  }

  /** Runs a SELECT; resolves with whether it found a row (nothing is read into entities). */
  async exists(manager: EntityManager, parameters: Record<string, unknown>): Promise<boolean> {
    const compiled = this.#compile(manager);
    const rows = (await manager.query(
      compiled.text,
      values(manager.connection.driver, compiled, parameters),
    )) as unknown[];
    return rows.length > 0;
  }

  #compile(manager: EntityManager): Compiled {
    const { driver } = manager.connection;
    let compiled = this.#compiled.get(driver);
    if (!compiled) {
      const metadata = manager.connection.getMetadata(this.entity);
      const slots: { name: string; column: ColumnMetadata | undefined }[] = [];
      const placeholder = placeholderStyle(manager);
      const text = this.sql.replace(NAMED_PARAMETER, (_, name: string) => {
        const column =
          metadata.findColumnWithPropertyName(name) ??
          metadata.findColumnWithPropertyName(name.replace(ROW_SUFFIX, ''));
        slots.push({ name, column });
        return placeholder(slots.length);
      });
      compiled = { text, slots, metadata };
      this.#compiled.set(driver, compiled);
    }
    return compiled;
  }
}

function values(driver: Driver, compiled: Compiled, parameters: Record<string, unknown>): unknown[] {
  return compiled.slots.map(({ name, column }) => {
    if (!(name in parameters)) throw new Error(`no value for :${name}`);
    const value = parameters[name];
    return column ? (driver.preparePersistentValue(value, column) as unknown) : value;
  });
}

function hydrate<Entity extends ObjectLiteral>(
  driver: Driver,
  metadata: EntityMetadata,
  row: Record<string, unknown>,
): Entity {
  const entity = metadata.create() as Entity;
  for (const column of metadata.columns)
    (entity as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(
      row[column.databaseName],
      column,
    );
  return entity;
}

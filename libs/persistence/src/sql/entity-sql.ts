import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Runs one hand-written statement, the same text on SQLite and PostgreSQL, for what the query
 * builder cannot say in one statement (an upsert that counts, say). Parameters are `:named`
 * and placed by the driver ($1 or ?); a parameter named after a property of `entity` is stored
 * the way that column stores it (a Date as SQLite's datetime text, for instance).
 */
export async function executeEntitySql<Entity extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<Entity>,
  sql: string,
  parameters: Partial<Record<keyof Entity & string, unknown>>,
): Promise<void> {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(entity);
  const prepared: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const column = metadata.findColumnWithPropertyName(name);
    prepared[name] = column ? (driver.preparePersistentValue(value, column) as unknown) : value;
  }
  const [text, values] = driver.escapeQueryWithParameters(sql, prepared);
  await manager.query(text, values);
}

import type { ConnectorStateStore } from '@switchboard/connector-sdk';
import { ConnectorStateEntry, EntityStatement } from '@switchboard/persistence';
import type { DataSource } from 'typeorm';

/** `ctx.state` of one instance, in the `connector_state` table; compare-and-set by row version. */
export class TypeOrmStateStore implements ConnectorStateStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly instanceId: string,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(ConnectorStateEntry);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const [row] = await STATE_GET.select(this.dataSource.manager, { instanceId: this.instanceId, key });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** One statement: inserts the key at version 1, or replaces its value and bumps the version. */
  async set(key: string, value: unknown): Promise<void> {
    await STATE_UPSERT.execute(this.dataSource.manager, {
      instanceId: this.instanceId,
      key,
      value: JSON.stringify(value),
      updatedAt: new Date(),
    });
  }

  async delete(key: string): Promise<void> {
    await this.repository.delete({ instanceId: this.instanceId, key });
  }

  async compareAndSet(key: string, expected: unknown, value: unknown): Promise<boolean> {
    const row = await this.repository.findOneBy({ instanceId: this.instanceId, key });
    if (expected === undefined) {
      if (row) return false;
      try {
        await this.repository.insert({
          instanceId: this.instanceId,
          key,
          value: JSON.stringify(value),
          version: 1,
          updatedAt: new Date(),
        });
        return true;
      } catch {
        return false; // another writer created it first
      }
    }
    if (!row || row.value !== JSON.stringify(expected)) return false;
    const result = await this.repository.update(
      { instanceId: this.instanceId, key, version: row.version },
      { value: JSON.stringify(value), version: row.version + 1, updatedAt: new Date() },
    );
    return result.affected === 1;
  }
}

const STATE_GET = new EntityStatement(
  ConnectorStateEntry,
  'SELECT * FROM "connector_state" WHERE "instance_id" = :instanceId AND "key" = :key',
);

const STATE_UPSERT = new EntityStatement(
  ConnectorStateEntry,
  `
  INSERT INTO "connector_state" ("instance_id", "key", "value", "version", "updated_at")
  VALUES (:instanceId, :key, :value, 1, :updatedAt)
  ON CONFLICT ("instance_id", "key") DO UPDATE SET
    "value" = EXCLUDED."value", "updated_at" = EXCLUDED."updated_at", "version" = "connector_state"."version" + 1`,
);

import type { ConnectorStateStore } from '@switchboard/connector-sdk';
import { ConnectorStateEntry } from '@switchboard/persistence';
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
    const row = await this.repository.findOneBy({ instanceId: this.instanceId, key });
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const existing = await this.repository.findOneBy({ instanceId: this.instanceId, key });
    await this.repository.upsert(
      {
        instanceId: this.instanceId,
        key,
        value: JSON.stringify(value),
        version: (existing?.version ?? 0) + 1,
        updatedAt: new Date(),
      },
      ['instanceId', 'key'],
    );
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

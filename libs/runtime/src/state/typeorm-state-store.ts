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

  /** Bumps the row's version in place (one statement); a key not there yet is inserted at version 1. */
  async set(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (await this.update(key, json)) return;
    try {
      await this.repository.insert({
        instanceId: this.instanceId,
        key,
        value: json,
        version: 1,
        updatedAt: new Date(),
      });
    } catch (error) {
      // Another writer inserted it meanwhile: it exists now, so the update applies.
      if (!(await this.update(key, json))) throw error;
    }
  }

  private async update(key: string, json: string): Promise<boolean> {
    const result = await this.repository
      .createQueryBuilder()
      .update()
      .set({ value: json, updatedAt: new Date(), version: () => '"version" + 1' })
      .where({ instanceId: this.instanceId, key })
      .execute();
    return (result.affected ?? 0) > 0;
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

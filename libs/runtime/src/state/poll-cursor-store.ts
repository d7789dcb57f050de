import { PollCursor } from '@switchboard/persistence';
import type { DataSource } from 'typeorm';

/** Checkpointed poll cursors: one JSON value per instance. */
export class PollCursorStore {
  constructor(private readonly dataSource: DataSource) {}

  async get<T>(instanceId: string): Promise<T | undefined> {
    const row = await this.dataSource.getRepository(PollCursor).findOneBy({ instanceId });
    return row ? (JSON.parse(row.cursor) as T) : undefined;
  }

  async set(instanceId: string, cursor: unknown): Promise<void> {
    await this.dataSource
      .getRepository(PollCursor)
      .upsert({ instanceId, cursor: JSON.stringify(cursor), updatedAt: new Date() }, ['instanceId']);
  }

  async clear(instanceId: string): Promise<void> {
    await this.dataSource.getRepository(PollCursor).delete({ instanceId });
  }
}

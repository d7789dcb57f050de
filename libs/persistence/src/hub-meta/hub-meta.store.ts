import { Injectable } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { HubMeta } from './hub-meta.entity';

/** Keys the hub itself writes into `hub_meta`. */
export const HubMetaKey = {
  /** Stable id of this installation (UUIDv7), e.g. for `source` attributes and support bundles. */
  InstallId: 'install_id',
  /** ISO-8601 instant the installation first started. */
  InstalledAt: 'installed_at',
} as const;

/** Identity of this hub installation, created on first start and never changed after. */
export interface HubInstallation {
  installId: string;
  installedAt: Date;
}

/** Reads and writes the `hub_meta` key/value facts. */
@Injectable()
export class HubMetaStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The value under `key`, or undefined. */
  async get(key: string, manager: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const row = await manager.findOne(HubMeta, { where: { key } });
    return row?.value;
  }

  /** Writes `value` under `key`, replacing any previous value. */
  async set(key: string, value: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.upsert(HubMeta, { key, value, updatedAt: new Date() }, ['key']);
  }

  /**
   * Writes `value` under `key` unless a value is there already, and returns the value that is
   * stored afterwards. Concurrent callers (replicas starting together) all get the same answer.
   */
  async setIfAbsent(
    key: string,
    value: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(HubMeta)
      .values({ key, value, updatedAt: new Date() })
      .orIgnore()
      .execute();
    const stored = await this.get(key, manager);
    // Only a concurrent delete between the two statements gets here; nothing in the hub deletes.
    if (stored === undefined)
      throw SwitchboardError.retryable(`hub_meta "${key}" vanished while being initialised`);
    return stored;
  }

  /** This installation's id and install time, created on the first call against a new database. */
  async installation(): Promise<HubInstallation> {
    const installId = await this.setIfAbsent(HubMetaKey.InstallId, uuidv7());
    const installedAt = await this.setIfAbsent(HubMetaKey.InstalledAt, new Date().toISOString());
    return { installId, installedAt: new Date(installedAt) };
  }
}

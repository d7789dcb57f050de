/**
 * `ctx.state` as connectors get it in the runtime (the connector_state table) on every dialect:
 * values per instance and key, a version bumped by each write, compare-and-set, and concurrent
 * writers of a new key that neither fail nor lose a version.
 */
import { Logger } from '@nestjs/common';
import { ConnectorStateEntry, openDataSource, type SwitchboardDataSource } from '@switchboard/persistence';
import { TypeOrmStateStore } from '@switchboard/runtime';
import { databaseTargetsFor, type DatabaseTarget } from '../support/database-targets';

Logger.overrideLogger(['error']);
const targets: DatabaseTarget[] = databaseTargetsFor('connector state');

describe.each(targets)('connector state on $dialect', (target) => {
  let dataSource: SwitchboardDataSource;
  const versionOf = async (instanceId: string, key: string) =>
    (await dataSource.getRepository(ConnectorStateEntry).findOneBy({ instanceId, key }))?.version;

  beforeEach(async () => {
    dataSource = await openDataSource(await target.fresh());
  });
  afterEach(() => dataSource.destroy());
  afterAll(() => target.cleanup());

  it('keeps a value per instance and key, bumping its version on every write', async () => {
    const a = new TypeOrmStateStore(dataSource, 'inst-a');
    const b = new TypeOrmStateStore(dataSource, 'inst-b');
    expect(await a.get('cursor')).toBeUndefined();
    await a.set('cursor', { since: '2026-12-01T10:00:00Z' });
    await b.set('cursor', 'other');
    await a.set('cursor', { since: '2026-12-01T11:00:00Z', page: 2 });
    expect(await a.get('cursor')).toEqual({ since: '2026-12-01T11:00:00Z', page: 2 });
    expect(await b.get('cursor')).toBe('other');
    expect([await versionOf('inst-a', 'cursor'), await versionOf('inst-b', 'cursor')]).toEqual([2, 1]);
    await a.delete('cursor');
    expect(await a.get('cursor')).toBeUndefined();
    expect(await b.get('cursor')).toBe('other');
  });

  it('lets concurrent writers of a new key all land: one row, one version per write', async () => {
    const stores = Array.from({ length: 8 }, () => new TypeOrmStateStore(dataSource, 'inst-c'));
    await Promise.all(stores.map((store, i) => store.set('intent:k', { writer: i })));
    expect(await versionOf('inst-c', 'intent:k')).toBe(8);
    expect(await dataSource.getRepository(ConnectorStateEntry).countBy({ instanceId: 'inst-c' })).toBe(1);
  });

  it('compares and sets: creates only when absent, replaces only the expected value', async () => {
    const store = new TypeOrmStateStore(dataSource, 'inst-d');
    expect(await store.compareAndSet('lease', undefined, 'me')).toBe(true);
    expect(await store.compareAndSet('lease', undefined, 'you')).toBe(false);
    expect(await store.compareAndSet('lease', 'you', 'them')).toBe(false);
    expect(await store.compareAndSet('lease', 'me', 'them')).toBe(true);
    expect(await store.get('lease')).toBe('them');
    await store.set('lease', 'set');
    expect(await versionOf('inst-d', 'lease')).toBe(3);
  });
});

import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import { HubModule } from '../../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import type { DatabaseTarget } from '../../support/database-targets';

/**
 * A hub on a fresh PostgreSQL database with the in-memory bus, started before the suite's tests
 * and closed after them; the engine is driven directly. Returns a getter for it.
 */
export function usePostgresHub(postgres: DatabaseTarget, name: string): () => RunningHttpApp {
  const data = tempDataDir(name);
  let hub: RunningHttpApp | undefined;
  beforeAll(async () => {
    const database = await postgres.fresh();
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', DATABASE_URL: database.databaseUrl! }),
    });
  });
  afterAll(async () => {
    await hub?.close();
    await postgres.cleanup();
    data.remove();
  });
  return () => hub!;
}

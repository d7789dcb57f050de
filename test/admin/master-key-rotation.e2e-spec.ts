import { randomBytes } from 'node:crypto';
import { reencryptInstanceSecrets } from '@switchboard/admin';
import { openDataSource } from '@switchboard/persistence';
import request from 'supertest';
import { hubEnv, tempDataDir } from '../platform/platform-test-env';
import { bearer, startCapturingStdout } from './support/start-hub';

/**
 * Rotating the master key must not cost the audit trail its history: the trail is signed with
 * its own key, sealed under the master key and re-sealed by the rotation command.
 */
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const data = tempDataDir('rotation');

afterAll(() => data.remove());

const env = (key: Buffer) =>
  hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', SWITCHBOARD_MASTER_KEY: key.toString('base64') });

it('keeps every audit entry verifiable across a master-key rotation, and refuses the new key before it', async () => {
  const first = await startCapturingStdout(env(oldKey));
  const adminKey = first.bootstrapKey!;
  await request(first.hub.app.getHttpServer())
    .post('/api/v1/api-keys')
    .set(bearer(adminKey))
    .send({ name: 'grafana', role: 'viewer' })
    .expect(201);
  await first.hub.close();

  // The new key before the rotation: the signing key cannot be opened, and the start says why.
  await expect(startCapturingStdout(env(newKey))).rejects.toThrow(/key/i);

  const dataSource = await openDataSource({ dataDir: data.dir });
  const report = await reencryptInstanceSecrets(dataSource, oldKey, newKey);
  await dataSource.destroy();
  expect(report.auditSigningKeyResealed).toBe(true);

  const second = await startCapturingStdout(env(newKey));
  try {
    const verify = await request(second.hub.app.getHttpServer())
      .get('/api/v1/audit/verify')
      .set(bearer(adminKey))
      .expect(200);
    expect(verify.body).toEqual({ ok: true, entries: 2 });
  } finally {
    await second.hub.close();
  }
});

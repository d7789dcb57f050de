/**
 * The whole path with real parts: an LDAP instance configured through the admin API (its bind
 * password as a secret), its connection tested through the runtime, a poll run publishing the
 * directory's users and groups on real JetStream, and a `user.lookup` command sent on the bus
 * answered from the real OpenLDAP.
 */
import { generateApiKey } from '@switchboard/auth';
import { JetStreamBus, commandSubject, type EventBus } from '@switchboard/bus';
import { COMMAND_SUCCEEDED_TYPE, createCommand } from '@switchboard/connector-sdk';
import type { CloudEvent, UserData } from '@switchboard/events';
import { bootstrapHttpApp, type RunningHttpApp } from '@switchboard/platform';
import { PollScheduler } from '@switchboard/runtime';
import request from 'supertest';
import { HubModule } from '../../../apps/hub/src/hub.module';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import { waitFor } from '../../support/bus-fixtures';
import { startLdapTestServer, type LdapTestServer } from '../../support/ldap-test-server';
import { startNatsTestServer, type NatsTestServer } from '../../support/nats-test-server';
import { ldapConfig } from './support/ldap-instance';

describe('OpenLDAP → hub → JetStream, and a lookup back, end to end', () => {
  const data = tempDataDir('ldap-hub');
  const admin = generateApiKey().key;
  const auth = { Authorization: `Bearer ${admin}` };
  let nats: NatsTestServer;
  let ldap: LdapTestServer;
  let hub: RunningHttpApp;
  let observer: EventBus;
  let instanceId: string;
  const seen: CloudEvent[] = [];
  const http = () => request(hub.app.getHttpServer());

  beforeAll(async () => {
    // One after the other: if the second cannot start, afterAll still stops the first.
    nats = await startNatsTestServer();
    ldap = await startLdapTestServer({ tls: true });
    hub = await bootstrapHttpApp(HubModule, {
      name: 'hub',
      env: hubEnv(data.dir, { NATS_URL: nats.url, SWITCHBOARD_BUS: 'nats', SWITCHBOARD_ADMIN_KEY: admin }),
    });
    observer = await JetStreamBus.connect({ servers: nats.url });
    await observer.subscribe({ durable: 'ldap-hub-observer', filterSubject: 'evt.default.>' }, (event) => {
      seen.push(event);
    });
    const created = await http()
      .post('/api/v1/instances')
      .set(auth)
      .send({
        connectorType: 'ldap',
        name: 'corp-directory',
        config: ldapConfig(ldap, { url: ldap.ldapsUrl, caCertificate: ldap.caPem }),
        secrets: { bindPassword: ldap.bindPassword },
      })
      .expect(201);
    instanceId = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await observer?.close();
    await hub?.close();
    await Promise.all([nats?.stop(), ldap?.stop()]);
    data.remove();
  });

  it('tests the connection through the runtime: bound over ldaps, both bases read', async () => {
    await waitFor(
      async () => (await http().post(`/api/v1/instances/${instanceId}/test`).set(auth)).body.ok === true,
      15_000,
    );
    const res = await http().post(`/api/v1/instances/${instanceId}/test`).set(auth).expect(200);
    expect(res.body).toMatchObject({ ok: true, status: 'ok', remote: { pagedResults: 'yes' } });
    expect(JSON.stringify(res.body)).not.toContain(ldap.bindPassword);
  });

  it('publishes the directory on JetStream when the poll runs: users, dave deactivated, groups', async () => {
    const scheduler = hub.app.get(PollScheduler);
    await waitFor(() => scheduler.runNow(instanceId), 15_000);
    const mine = (event: CloudEvent) => event.source === `/connectors/ldap/${instanceId}`;
    await waitFor(() => seen.filter(mine).length >= 8, 30_000);
    const events = seen.filter(mine);
    expect(events.map((event) => event.type.split('.').slice(3, 5).join('.')).sort()).toEqual([
      'group.upserted',
      'group.upserted',
      'group.upserted',
      'group.upserted',
      'user.deactivated',
      'user.upserted',
      'user.upserted',
      'user.upserted',
    ]);
    expect(events.find((event) => event.type === 'io.switchboard.iam.user.deactivated.v1')).toMatchObject({
      tenantid: 'default',
      data: { userName: 'dave', active: false },
    });
  });

  it('answers a user.lookup command sent on the bus from the directory', async () => {
    const publisher = await JetStreamBus.connect({ servers: nats.url });
    try {
      const command = createCommand({
        tenantId: 'default',
        instanceId,
        action: 'user.lookup',
        input: { by: 'email', value: 'bob@example.org' },
        idempotencyKey: 'run-7/enrich-reporter',
        source: '/hub/orchestrator',
      });
      await publisher.publish(command, { subject: commandSubject('default', instanceId, 'user.lookup') });
      await waitFor(
        () => seen.some((e) => e.type === COMMAND_SUCCEEDED_TYPE && e.causationid === command.id),
        30_000,
      );
      const result = seen.find((e) => e.causationid === command.id)!.data as { output: { user: UserData } };
      expect(result.output.user).toMatchObject({
        userName: 'bob',
        manager: { userName: 'alice', email: 'alice@example.org' },
        accounts: [{ system: 'ldap', instanceId, userName: 'bob' }],
      });
    } finally {
      await publisher.close();
    }
  });
});

// Records what a real Alertmanager sends and answers, into connectors/alertmanager/fixtures/.
// The fixtures the unit specs map are captured, never written by hand: re-run this after an
// Alertmanager upgrade and review the diff (the specs pin captured values such as startsAt and
// the externalURL port: update them from the new captures).
//
//   bash test/env/ensure-alertmanager.sh
//   node -r @swc-node/register test/connectors/alertmanager/capture-fixtures.ts
//
// (The two DiskFull fixtures are the testbed's captures, copied: this script leaves them alone.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAlertmanagerTestServer, type PostableAlert } from '../../support/alertmanager-test-server';
import { WebhookRecorder } from './support/webhook-recorder';

const FIXTURES = join(__dirname, '../../../connectors/alertmanager/fixtures');

/** Three alerts of one rule: one notification carries all of them (the route groups by alertname). */
const filesystemAlerts: PostableAlert[] = ['web01', 'web02', 'web03'].map((host, i) => ({
  labels: {
    alertname: 'FilesystemAlmostFull',
    instance: `${host}:9100`,
    job: 'node',
    mountpoint: '/var',
    service: 'nginx',
    severity: ['critical', 'warning', 'page'][i]!,
  },
  annotations: {
    summary: `Filesystem /var on ${host} is almost full`,
    description: `Filesystem \`/var\` on **${host}** has less than ${5 + i}% space left.\n\nFree space or grow the volume.`,
    runbook_url: 'https://runbooks.example.com/filesystem-almost-full',
  },
  generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=node_filesystem_avail_bytes&g0.tab=1',
}));

/** An alert as bare as Prometheus sends them: no annotations, no severity, no generator URL. */
const bareAlert: PostableAlert = {
  labels: { alertname: 'InstanceDown', instance: 'cache01:9100', job: 'node' },
};

async function main(): Promise<void> {
  const recorder = new WebhookRecorder();
  const alertmanager = await startAlertmanagerTestServer({
    webhookUrl: await recorder.listen('/hooks/am-capture'),
    groupBy: ['alertname'],
  });
  const save = (name: string, value: unknown) => {
    mkdirSync(join(FIXTURES, name, '..'), { recursive: true });
    writeFileSync(join(FIXTURES, name), `${JSON.stringify(value, null, 2)}\n`);
    console.log(`wrote fixtures/${name}`);
  };
  try {
    await alertmanager.postAlerts(filesystemAlerts);
    const group = await recorder.next(
      (b) => b.alerts.length === 3 && b.alerts.every((a) => a.labels.alertname === 'FilesystemAlmostFull'),
    );
    save('webhooks/filesystem-group-firing.json', group);
    save('api/alerts-active.json', await alertmanager.listAlerts());
    save('api/status.json', await (await fetch(`${alertmanager.url}/api/v2/status`)).json());

    await alertmanager.resolveAlerts([filesystemAlerts[1]!]);
    const partly = await recorder.next((b) => b.alerts.some((a) => a.status === 'resolved'));
    save('webhooks/filesystem-group-one-resolved.json', partly);

    // The same labels firing again after the resolve: Alertmanager gives it a new startsAt.
    await alertmanager.postAlerts([filesystemAlerts[1]!]);
    const refired = await recorder.next(
      (b) =>
        b.alerts.length === 3 &&
        b.alerts.every((a) => a.status === 'firing' && a.labels.alertname === 'FilesystemAlmostFull'),
      recorder.received.length,
    );
    save('webhooks/filesystem-group-one-refired.json', refired);

    await alertmanager.postAlerts([bareAlert]);
    save(
      'webhooks/instance-down-no-annotations-firing.json',
      await recorder.next((b) => b.alerts.some((a) => a.labels.alertname === 'InstanceDown')),
    );
  } finally {
    await alertmanager.stop();
    await recorder.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { manifestDocument, validateConnectorConfig } from '@switchboard/connector-sdk';
import { alertmanagerConnector } from './alertmanager.connector';

const { manifest } = alertmanagerConnector;
const errorsOf = (config: Record<string, unknown>, secrets: Record<string, unknown> = {}) =>
  validateConnectorConfig(manifest, { baseUrl: 'http://alertmanager:9093', ...config }, secrets);

describe('Alertmanager config', () => {
  it('needs only baseUrl; every credential is optional', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({}, { webhookToken: 't' })).toEqual([]);
    expect(
      errorsOf({ apiUsername: 'hub' }, { apiPassword: 'p', webhookUsername: 'am', webhookPassword: 'w' }),
    ).toEqual([]);
  });

  it('takes the mapping settings', () => {
    expect(
      errorsOf({
        severityLabel: 'priority',
        severityMap: { P1: 'critical', sev3: 'low' },
        defaultSeverity: 'info',
        hostLabels: ['nodename', 'instance'],
        serviceLabels: [],
        hostWithoutPort: false,
        externalUrl: 'https://alerts.example.com',
        pollReceiver: 'switchboard',
      }),
    ).toEqual([]);
  });

  it('refuses half a credential pair, two proxy schemes, and bad mapping settings, by path', () => {
    expect(errorsOf({ apiUsername: 'hub' }, { webhookPassword: 'w', apiToken: 't' })).toEqual(
      expect.arrayContaining([
        { path: 'config.apiUsername', message: 'must be set together with apiPassword' },
        { path: 'secrets.apiToken', message: 'must not be set together with apiUsername' },
        { path: 'secrets.webhookPassword', message: 'must be set together with webhookUsername' },
      ]),
    );
    expect(
      errorsOf({
        baseUrl: 'alertmanager:9093',
        severityLabel: 'sev-erity',
        severityMap: { warning: 'urgent' },
        defaultSeverity: 'P2',
        hostLabels: ['host name'],
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'config.baseUrl', message: 'must be an http(s) URL' },
        { path: 'config.severityLabel', message: 'must be a Prometheus label name' },
        {
          path: 'config.severityMap',
          message: 'value of "warning" must be one of critical, high, medium, low, info',
        },
        { path: 'config.defaultSeverity', message: 'must be one of critical, high, medium, low, info' },
        { path: 'config.hostLabels', message: 'each value must be a Prometheus label name' },
      ]),
    );
  });

  it('keeps every credential out of config: webhook usernames are secrets too (the ingress compares them)', () => {
    expect(errorsOf({ webhookUsername: 'am' })).toEqual(
      expect.arrayContaining([
        { path: 'config.webhookUsername', message: 'is a secret: send it in secrets' },
      ]),
    );
  });

  it('publishes a manifest document: secrets write-only, both webhook schemes, both commands', () => {
    const document = manifestDocument(manifest, alertmanagerConnector.hooks as never);
    expect(document.secretFields.sort()).toEqual(
      ['apiPassword', 'apiToken', 'webhookPassword', 'webhookToken', 'webhookUsername'].sort(),
    );
    const properties = document.configSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.webhookPassword).toMatchObject({ writeOnly: true, description: expect.any(String) });
    expect(properties.severityMap).toMatchObject({
      type: 'object',
      additionalProperties: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    });
    expect(document.configSchema.required).toEqual(['baseUrl']);
    expect(document.webhook?.auth.map((scheme) => scheme.type)).toEqual(['basic', 'bearer']);
    expect(document.capabilities).toEqual(
      expect.arrayContaining(['webhook', 'poll', 'silence.create', 'silence.expire']),
    );
    expect(document.emits).toEqual([
      'io.switchboard.ops.alert.triggered.v1',
      'io.switchboard.ops.alert.resolved.v1',
    ]);
  });
});

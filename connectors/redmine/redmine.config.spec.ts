import {
  manifestDocument,
  resolveConnectorConfig,
  validateConnectorConfig,
} from '@switchboard/connector-sdk';
import type { RedmineConfig } from './redmine.config';
import { redmineConnector } from './redmine.connector';

const { manifest } = redmineConnector;
const REQUIRED = { baseUrl: 'https://redmine.example.com', project: 'itsm', markerFieldId: 1 };
const errorsOf = (config: Record<string, unknown>, secrets: Record<string, unknown> = { apiKey: 'k' }) =>
  validateConnectorConfig(manifest, { ...REQUIRED, ...config }, secrets);

describe('Redmine config', () => {
  it('needs baseUrl, the API key, the project and the marker field; defaults the rest', () => {
    const resolved = resolveConnectorConfig(manifest, REQUIRED, { apiKey: 'k' });
    expect(resolved).toMatchObject({
      ok: true,
      config: { textFormatting: 'textile', defaultKind: 'incident', pollIntervalMs: 60_000 },
    });
    expect(validateConnectorConfig(manifest, {}, {})).toEqual(
      expect.arrayContaining([
        { path: 'config.baseUrl', message: expect.any(String) },
        { path: 'config.project', message: expect.any(String) },
        { path: 'config.markerFieldId', message: expect.any(String) },
        { path: 'secrets.apiKey', message: expect.any(String) },
      ]),
    );
  });

  it('takes value maps over the defaults, and refuses unknown canonical values or doubled names', () => {
    expect(
      errorsOf({
        statusMap: { Acknowledged: 'open' },
        priorityMap: { Blocker: 'critical' },
        trackerKinds: { Incident: 'incident', Problem: 'problem' },
        textFormatting: 'common_mark',
        pollIntervalMs: 5_000,
        pollSince: '2026-01-01T00:00:00Z',
        publicUrl: 'https://redmine.example.com',
      }),
    ).toEqual([]);
    expect(errorsOf({ statusMap: { Waiting: 'pending' } })).toEqual([
      {
        path: 'config.statusMap',
        message:
          'value of "Waiting" must be one of new, open, in_progress, on_hold, resolved, closed, canceled',
      },
    ]);
    expect(errorsOf({ priorityMap: { high: 'high', HIGH: 'critical' } })).toEqual([
      { path: 'config.priorityMap', message: 'must not name "HIGH" twice (names are case-insensitive)' },
    ]);
    expect(errorsOf({ project: 'ITSM Testbed', pollIntervalMs: 1_000, textFormatting: 'html' })).toEqual(
      expect.arrayContaining([
        { path: 'config.project', message: 'must be a Redmine project identifier (e.g. itsm)' },
        { path: 'config.pollIntervalMs', message: expect.stringContaining('5000') },
        { path: 'config.textFormatting', message: 'must be one of textile, common_mark, markdown, none' },
      ]),
    );
  });

  it('publishes the API key as a write-only secret and the maps as objects of canonical values', () => {
    const schema = manifestDocument(manifest).configSchema as {
      properties: Record<string, { writeOnly?: boolean; additionalProperties?: { enum?: string[] } }>;
    };
    expect(schema.properties.apiKey).toMatchObject({ writeOnly: true });
    expect(schema.properties.statusMap!.additionalProperties!.enum).toContain('on_hold');
  });

  it('keeps config typed for the hooks', () => {
    const resolved = resolveConnectorConfig(manifest, REQUIRED, { apiKey: 'k' });
    const config = (resolved as { config: RedmineConfig }).config;
    expect(config.apiKey).toBe('k');
  });
});

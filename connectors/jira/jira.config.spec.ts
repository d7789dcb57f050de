import { validateConnectorConfig } from '@switchboard/connector-sdk';
import { jiraConnector } from './jira.connector';

const { manifest } = jiraConnector;
const errorsOf = (config: Record<string, unknown>, secrets: Record<string, unknown> = {}) =>
  validateConnectorConfig(
    manifest,
    { baseUrl: 'https://acme.atlassian.net', projectKey: 'OPS', ...config },
    secrets,
  );

describe('Jira config', () => {
  it('takes email + API token, or an OAuth token', () => {
    expect(errorsOf({ email: 'hub@example.com' }, { apiToken: 't' })).toEqual([]);
    expect(errorsOf({}, { oauthToken: 'o' })).toEqual([]);
  });

  it('takes the value maps, marker and comment settings', () => {
    expect(
      errorsOf(
        {
          email: 'hub@example.com',
          issueTypes: { incident: 'Incident', service_request: 'Service Request' },
          statusMap: { on_hold: ['Waiting for customer', 'Pending'], canceled: "Won't Do" },
          priorityMap: { critical: 'Blocker' },
          marker: 'property',
          markerLabelPrefix: 'switchboard-',
          entityPropertyKey: 'com.example.origin',
          internalComments: 'group',
          internalCommentRestriction: 'jira-servicedesk-users',
          maxTransitionSteps: 6,
        },
        { apiToken: 't', webhookSecret: 's' },
      ),
    ).toEqual([]);
  });

  it('refuses missing or doubled credentials and bad settings, by path', () => {
    expect(errorsOf({})).toEqual(
      expect.arrayContaining([{ path: 'secrets.apiToken', message: 'is required' }]),
    );
    expect(errorsOf({ email: 'hub@example.com' }, { apiToken: 't', oauthToken: 'o' })).toEqual([
      { path: 'secrets.oauthToken', message: 'must not be set together with apiToken' },
    ]);
    expect(
      errorsOf(
        {
          projectKey: 'ops',
          statusMap: { done: 'Done', resolved: [] },
          priorityMap: { critical: '' },
          marker: 'comment',
          markerLabelPrefix: 'has space',
          internalComments: 'role',
        },
        { oauthToken: 'o' },
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'config.projectKey', message: 'must be a Jira project key such as OPS' },
        { path: 'config.statusMap', message: expect.stringContaining('unknown key "done"') },
        { path: 'config.priorityMap', message: 'value of "critical" must be a name' },
        { path: 'config.marker', message: 'must be one of label, property' },
        { path: 'config.markerLabelPrefix', message: expect.stringContaining('labels have no spaces') },
        { path: 'config.internalCommentRestriction', message: 'is required' },
      ]),
    );
  });
});

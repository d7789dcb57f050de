import { IsString } from 'class-validator';
import { defineConnector } from '../define-connector';
import type { ConnectorManifest } from './connector-manifest';
import { manifestDocument } from './manifest-document';
import { manifestProblems } from './manifest-validation';
import { Secret } from './secret.decorator';

class Config {
  @IsString()
  baseUrl!: string;

  @Secret()
  @IsString()
  token!: string;
}

class Input {
  @IsString()
  summary!: string;
}

const base: ConnectorManifest<Config> = {
  id: 'tracker',
  version: '1.2.3',
  category: 'ticketing',
  displayName: 'Tracker',
  description: 'A tracker.',
  configClass: Config,
  auth: [{ type: 'bearer', tokenSecret: 'token' }],
  emits: ['io.switchboard.itsm.ticket.created.v1'],
};
const check = async () => ({ ok: true, status: 'ok' as const, detail: 'fine' });

describe('manifestProblems', () => {
  it('accepts a consistent manifest and hooks', () => {
    expect(manifestProblems(base, { check })).toEqual([]);
  });

  it('names every inconsistency', () => {
    const problems = manifestProblems(
      {
        ...base,
        auth: [],
        emits: ['io.switchboard.ops.alert.exploded.v1', 'io.switchboard.cmd.ticket.create.v1'],
        webhook: { auth: [{ type: 'bearer', tokenSecret: 'baseUrl' }] },
        commands: {
          'ticket.create': { description: 'd', input: Input, output: Input, idempotent: false },
          Bad: { description: 'd', input: Input, output: Input, idempotent: true },
        },
      },
      {
        check,
        poll: { run: async function* () {}, compareCursors: () => 0 },
        actions: { 'ticket.update': async () => ({}) },
      },
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'auth', message: expect.stringMatching(/at least one scheme/) },
        { path: 'emits[0]', message: 'io.switchboard.ops.alert.exploded.v1 is not a registered event type' },
        { path: 'emits[1]', message: 'io.switchboard.cmd.ticket.create.v1 is a command, not an event' },
        { path: 'webhook.auth[0]', message: 'names baseUrl, which is not a secret field of the config' },
        { path: 'commands.Bad', message: 'must be named <entity>.<verb>, e.g. ticket.create' },
        { path: 'hooks.webhook', message: 'is missing: the manifest declares a webhook' },
        { path: 'poll', message: 'must be declared: the connector has a poll hook' },
        { path: 'hooks.actions.ticket.create', message: 'is missing: the manifest declares this command' },
        { path: 'commands.ticket.update', message: 'must be declared: the connector handles this command' },
      ]),
    );
  });

  it('makes defineConnector throw a validation error listing the problems', () => {
    expect(() => defineConnector({ manifest: { ...base, version: 'one' }, hooks: { check } })).toThrow(
      /Connector tracker is not valid: version must be a semver version/,
    );
  });
});

describe('manifestDocument', () => {
  it('describes config (secrets writeOnly), capabilities and commands with JSON Schemas', () => {
    const document = manifestDocument(
      {
        ...base,
        commands: {
          'ticket.create': { description: 'Creates', input: Input, output: Input, idempotent: false },
        },
        webhook: { auth: [{ type: 'bearer', tokenSecret: 'token' }] },
      },
      { check, register: { register: async () => ({ externalId: 'x' }), unregister: async () => undefined } },
    );
    expect(document).toMatchObject({
      id: 'tracker',
      secretFields: ['token'],
      capabilities: ['webhook', 'register', 'ticket.create'],
      webhook: { contentTypes: ['application/json'], maxBodyBytes: 1048576 },
      commands: [
        {
          action: 'ticket.create',
          type: 'io.switchboard.cmd.ticket.create.v1',
          inputSchema: {
            $ref: '#/$defs/Input',
            $defs: { Input: { properties: { summary: { type: 'string' } } } },
          },
        },
      ],
    });
    expect(
      (document.configSchema.properties as Record<string, { writeOnly?: boolean }>).token!.writeOnly,
    ).toBe(true);
  });
});

import {
  checkFailed,
  checkPassed,
  defineConnector,
  Secret,
  type ConnectorDefinition,
} from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import {
  conformanceSuite,
  replyJson,
  startFakeVendor,
  type ConformanceSetup,
  type ConnectorConformanceOptions,
} from '@switchboard/connector-testkit';
import { IsString, IsUrl, MinLength } from 'class-validator';
import { helpdeskConformance } from './fake-helpdesk/fake-helpdesk.options';
import { HELPDESK_SIGNING_SECRET, HELPDESK_TOKEN } from './fake-helpdesk/fake-helpdesk.vendor';

/** Runs one check of a suite and resolves with its failure message (rejects if it passed). */
async function failureOf<TConfig extends object, TCursor, TSetup extends ConformanceSetup>(
  options: ConnectorConformanceOptions<TConfig, TCursor, TSetup>,
  checkId: string,
): Promise<string> {
  const suite = conformanceSuite(options);
  await suite.start();
  try {
    await suite.check(checkId).run();
  } catch (error) {
    return (error as Error).message;
  } finally {
    await suite.stop();
  }
  throw new Error(`${checkId} passed, but the connector is broken`);
}

async function passes<TConfig extends object, TCursor, TSetup extends ConformanceSetup>(
  options: ConnectorConformanceOptions<TConfig, TCursor, TSetup>,
  checkId: string,
): Promise<void> {
  const suite = conformanceSuite(options);
  await suite.start();
  try {
    await suite.check(checkId).run();
  } finally {
    await suite.stop();
  }
}

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('the conformance kit reports a broken connector', () => {
  it('that logs its token base64-encoded, naming the field and the form but never printing the secret', async () => {
    const message = await failureOf(helpdeskConformance('logs-token-base64'), 'secrets.never-revealed');
    expect(message).toMatch(/check: passes with the config from setup\(\)|secrets: never appear/);
    expect(message).toContain('apiToken base64');
    expect(message).not.toContain(HELPDESK_TOKEN);
    expect(message).not.toContain(base64(HELPDESK_TOKEN));
  });

  it('that logs its Basic credentials (base64 of user:password), which the platform cannot redact', async () => {
    const message = await failureOf(basicAuthConformance(), 'secrets.never-revealed');
    expect(message).toContain('username:password base64 of user:password (Basic auth)');
    expect(message).not.toContain(base64('svc-switchboard:basic-password-9c1e'));
  });

  it('whose check throws on bad credentials instead of resolving', async () => {
    expect(await failureOf(helpdeskConformance('check-throws'), 'check.bad-credentials')).toContain(
      'check threw with badSecrets() instead of resolving',
    );
  });

  it('whose check calls bad credentials "unreachable"', async () => {
    expect(await failureOf(helpdeskConformance('check-says-unreachable'), 'check.bad-credentials')).toContain(
      'check reported unreachable for bad credentials',
    );
  });

  it('that calls the vendor around the platform client and so never honours Retry-After', async () => {
    for (const id of ['http.retry-after-seconds', 'http.retry-after-date']) {
      expect(await failureOf(helpdeskConformance('bypasses-platform-http'), id)).toMatch(
        /answered 429 with Retry-After .*the client waited \[\] ms/,
      );
    }
  });

  it('whose poll cursor goes backwards', async () => {
    expect(await failureOf(helpdeskConformance('cursor-goes-backwards'), 'poll.monotonic')).toContain(
      'moved its poll cursor backwards',
    );
  });

  it('whose events get new ids on every run or delivery', async () => {
    expect(await failureOf(helpdeskConformance('random-event-ids'), 'poll.repeatable')).toContain(
      'Two runs from the same cursor produced different event ids',
    );
    expect(await failureOf(helpdeskConformance('random-event-ids'), 'webhook.redelivery')).toContain(
      'Re-delivered fixtures got new event ids',
    );
  });

  it('whose poll ignores the cursor', async () => {
    expect(await failureOf(helpdeskConformance('ignores-cursor'), 'poll.far-future')).toMatch(
      /A run from .*9999.* produced 3 event\(s\)/,
    );
  });

  it('that loses the item one over a page, while a single full page still lists right', async () => {
    await passes(helpdeskConformance('stops-after-first-page'), 'pagination.one-page');
    expect(await failureOf(helpdeskConformance('stops-after-first-page'), 'pagination.one-over')).toContain(
      'missing ["item-0003"]',
    );
  });

  it('that creates again on a retry, and after a lost response', async () => {
    expect(await failureOf(helpdeskConformance('creates-every-time'), 'create.same-key')).toContain(
      "changed the vendor's count by 2",
    );
    expect(await failureOf(helpdeskConformance('creates-every-time'), 'create.lost-response')).toContain(
      'Retrying after a lost response changed the vendor',
    );
  });

  it('whose webhook parse throws a plain error, or maps a fixture to an invalid event', async () => {
    expect(await failureOf(helpdeskConformance('parse-throws'), 'webhook.fixtures')).toContain(
      'Webhook ticket-created made the connector throw',
    );
    expect(await failureOf(helpdeskConformance('invalid-event'), 'webhook.fixtures')).toMatch(
      /ticket-created: 422 invalid_payload: .*data\.title/,
    );
  });

  it('whose manifest is invalid (not built with defineConnector)', async () => {
    const valid = helpdeskConformance();
    const connector = {
      ...valid.connector,
      manifest: { ...valid.connector.manifest, version: 'one', emits: ['io.switchboard.nope.thing.done.v1'] },
    };
    const message = await failureOf({ ...valid, connector }, 'manifest.valid');
    expect(message).toContain('version: must be a semver version');
    expect(message).toContain('emits[0]: io.switchboard.nope.thing.done.v1 is not a registered event type');
  });
});

describe('the conformance kit asks for what a declared capability needs', () => {
  it('fixtures for a webhook, a far-future cursor for a poll, a create for a non-idempotent command', async () => {
    const { fixtures: _fixtures, poll: _poll, create: _create, ...bare } = helpdeskConformance();
    expect(await failureOf(bare, 'webhook.fixtures')).toContain(
      "pass fixtures: { webhooks: join(__dirname, 'fixtures', 'webhooks') }",
    );
    expect(await failureOf(bare, 'poll.far-future')).toContain('pass poll: { farFutureCursor }');
    expect(await failureOf(bare, 'create.same-key')).toContain('non-idempotent command(s) ticket.create');
  });

  it('a base URL seam for the 429 server and the pagination simulator', async () => {
    const { configForBaseUrl: _configForBaseUrl, ...bare } = helpdeskConformance();
    expect(await failureOf(bare, 'http.retry-after-seconds')).toContain('pass configForBaseUrl(url, setup)');
    expect(await failureOf(bare, 'pagination.one-page')).toContain('Pagination needs configForBaseUrl');
  });

  it('webhook secrets in setup(), or every delivery would be refused', async () => {
    const options = helpdeskConformance();
    const message = await failureOf(
      {
        ...options,
        setup: async () => ({ ...(await options.setup()), secrets: { apiToken: HELPDESK_TOKEN } }),
      },
      'webhook.fixtures',
    );
    expect(message).toContain('setup() sets none of the webhook secrets (webhookSecret)');
  });
});

describe('the conformance kit, for a webhook without a timestamp', () => {
  it('says so in the title of the replay check and asserts it', async () => {
    const options = helpdeskConformance();
    const connector = defineConnector({
      ...options.connector,
      manifest: {
        ...options.connector.manifest,
        webhook: { auth: [{ type: 'bearer', tokenSecret: 'webhookSecret', header: 'x-helpdesk-token' }] },
      },
    });
    const withToken = { ...options, connector };
    const suite = conformanceSuite(withToken);
    expect(suite.check('webhook.stale-timestamp').title).toBe(
      'webhook: no declared scheme (bearer) carries a timestamp, so no replay window applies (asserted)',
    );
    await passes(withToken, 'webhook.stale-timestamp');
    // The default signer follows the bearer scheme: fixtures still pass, wrong tokens still fail.
    await passes(withToken, 'webhook.fixtures');
    await passes(withToken, 'webhook.wrong-credentials');
    expect(HELPDESK_SIGNING_SECRET).not.toBe('');
  });
});

describe('the conformance kit, for a webhook with several schemes', () => {
  it('tests the replay window of the timestamped one even when another scheme comes first', async () => {
    const options = helpdeskConformance();
    const [hmac] = options.connector.manifest.webhook!.auth;
    const connector = defineConnector({
      ...options.connector,
      manifest: {
        ...options.connector.manifest,
        webhook: { auth: [{ type: 'bearer', tokenSecret: 'apiToken', header: 'x-helpdesk-token' }, hmac!] },
      },
    });
    for (const id of [
      'webhook.stale-timestamp',
      'webhook.fixtures',
      'webhook.wrong-credentials',
      'webhook.missing-credentials',
    ])
      await passes({ ...options, connector }, id);
  });
});

class BasicConfig {
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  baseUrl!: string;

  @IsString()
  username!: string;

  @Secret()
  @IsString()
  @MinLength(1)
  password!: string;
}

/** A connector with outbound Basic auth that logs the header value it computed itself. */
function basicAuthConformance(): ConnectorConformanceOptions<BasicConfig, unknown, ConformanceSetup> {
  const connector: ConnectorDefinition<BasicConfig> = defineConnector({
    manifest: {
      id: 'leaky-basic',
      version: '1.0.0',
      category: 'cmdb',
      displayName: 'Leaky Basic',
      description: 'Logs its own Authorization header.',
      configClass: BasicConfig,
      auth: [{ type: 'basic', usernameField: 'username', passwordSecret: 'password' }],
      emits: [EventType.CiUpserted],
    },
    hooks: {
      http: (config) => ({
        baseUrl: config.baseUrl,
        auth: { type: 'basic', username: config.username, password: config.password },
      }),
      async check(ctx) {
        const header = `Basic ${base64(`${ctx.config.username}:${ctx.config.password}`)}`;
        ctx.logger.debug('calling the CMDB', { sent: header });
        try {
          await ctx.http.get('/api/ping');
          return checkPassed('the CMDB answered');
        } catch (error) {
          return checkFailed(error);
        }
      },
    },
  });
  return {
    connector,
    async setup() {
      const vendor = await startFakeVendor((request, response) =>
        replyJson(
          response,
          request.headers.authorization === `Basic ${base64('svc-switchboard:basic-password-9c1e')}`
            ? 200
            : 401,
          {},
        ),
      );
      return {
        config: { baseUrl: vendor.url, username: 'svc-switchboard' },
        secrets: { password: 'basic-password-9c1e' },
        teardown: () => vendor.close(),
      };
    },
    badSecrets: () => ({ password: 'wrong-password-0000' }),
    configForBaseUrl: (url) => ({ baseUrl: url, username: 'svc-switchboard' }),
  };
}

import type { ConnectorNames } from './connector-names';

/** The cheapest authenticated endpoint the skeleton calls; the author replaces it with the tool's. */
const WHOAMI_PATH = '/api/whoami';

/**
 * The files of a new connector, by path relative to its folder. Together they compile and pass
 * the conformance suite as generated: `check` against a fake of the tool that the spec starts.
 */
export function connectorFiles(names: ConnectorNames): Record<string, string> {
  return {
    [`${names.id}.config.ts`]: configFile(names),
    [`${names.id}.connector.ts`]: connectorFile(names),
    'index.ts': indexFile(names),
    [`${names.id}.conformance.spec.ts`]: specFile(names),
    'fixtures/README.md': fixturesReadme(names),
    'README.md': readme(names),
  };
}

function configFile({ id, displayName, pascal }: ConnectorNames): string {
  return `import { Secret } from '@switchboard/connector-sdk';
import { IsString, IsUrl, MinLength } from 'class-validator';

/**
 * Config of one ${displayName} instance, as an admin enters it (\`POST /api/v1/instances\`).
 * Unknown fields are refused; \`@Secret()\` fields go in \`secrets\`, are stored encrypted and
 * are never returned.
 */
export class ${pascal}Config {
  /** Root of the ${displayName} API, e.g. \`https://${id}.example.com\`. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  baseUrl!: string;

  /** API token of the service account Switchboard uses, sent as \`Authorization: Bearer <token>\`. */
  @Secret()
  @IsString({ message: 'must be a string' })
  @MinLength(1, { message: 'must not be empty' })
  apiToken!: string;
}
`;
}

function connectorFile({ id, displayName, pascal, exportName, category }: ConnectorNames): string {
  return `import { checkFailed, checkPassed, defineConnector } from '@switchboard/connector-sdk';
import { ${pascal}Config } from './${id}.config';

/** The tool's cheapest authenticated call: \`check\` proves the URL and the token with it. */
const WHOAMI_PATH = '${WHOAMI_PATH}';

/**
 * The ${displayName} connector. Fill in the manifest, then add the hooks ${displayName} supports
 * (\`webhook\`, \`poll\`, \`actions\`, \`register\`): docs/write-a-connector.md walks through each, and
 * the conformance spec next to this file tells you when you are done.
 */
export const ${exportName} = defineConnector({
  manifest: {
    id: '${id}',
    version: '0.1.0',
    category: '${category}',
    displayName: '${displayName}',
    description: 'Connects ${displayName} to Switchboard.',
    configClass: ${pascal}Config,
    auth: [{ type: 'bearer', tokenSecret: 'apiToken' }],
    // Canonical event types the hooks produce, e.g. EventType.AlertTriggered from @switchboard/events.
    emits: [],
    // Commands by action name: { 'ticket.create': { description, input, output, idempotent: false } }.
    commands: {},
  },
  hooks: {
    // The platform's HTTP client for this instance: base URL, auth, retries, Retry-After, rate budget.
    http: (config) => ({ baseUrl: config.baseUrl, auth: { type: 'bearer', token: config.apiToken } }),

    async check(ctx) {
      try {
        await ctx.http.get(WHOAMI_PATH);
        return checkPassed(\`\${ctx.config.baseUrl} accepted the token\`);
      } catch (error) {
        // The client's typed errors become a status: 401/403 auth_failed, 429 rate_limited, else unreachable.
        return checkFailed(error, \`GET \${WHOAMI_PATH}\`);
      }
    },
  },
});
`;
}

function indexFile({ id, displayName, pascal, exportName }: ConnectorNames): string {
  return `// The ${displayName} connector: its definition (listed in connectors/index.ts) and its config class.
export { ${exportName} } from './${id}.connector';
export { ${pascal}Config } from './${id}.config';
`;
}

function specFile({ id, displayName, pascal, exportName }: ConnectorNames): string {
  return `import { replyJson, runConnectorConformance, startFakeVendor, type VendorHandler } from '@switchboard/connector-testkit';
import { ${exportName} } from './${id}.connector';

const TOKEN = 'conformance-token-${id}';

/**
 * A stand-in for the ${displayName} API: answers what the hooks ask and refuses a wrong token the
 * way ${displayName} does. Grow it with the connector (the list the poll reads, the create an
 * action calls), answering with payloads shaped like the fixtures.
 */
const fake${pascal}: VendorHandler = (request, response) => {
  if (request.headers.authorization !== \`Bearer \${TOKEN}\`) return replyJson(response, 401, { error: 'invalid token' });
  if (request.method === 'GET' && request.path === '${WHOAMI_PATH}') return replyJson(response, 200, { name: 'switchboard' });
  replyJson(response, 404, { error: 'not found' });
};

// When the connector takes webhooks, add fixtures: { webhooks: join(__dirname, 'fixtures', 'webhooks') };
// when it polls, poll: { farFutureCursor }; see libs/connector-testkit/README.md for every option.
runConnectorConformance({
  connector: ${exportName},
  async setup() {
    const vendor = await startFakeVendor(fake${pascal});
    return { config: { baseUrl: vendor.url }, secrets: { apiToken: TOKEN }, teardown: () => vendor.close() };
  },
  badSecrets: () => ({ apiToken: 'revoked-token-0000' }),
  configForBaseUrl: (url) => ({ baseUrl: url }),
});
`;
}

function fixturesReadme({ displayName }: ConnectorNames): string {
  return `# ${displayName} fixtures

Payloads captured from a real ${displayName}, replayed by the conformance spec and the unit tests.
Folders are named by what they carry.

## \`webhooks/\`

One delivery per file, as ${displayName} sent it:

- \`<name>.json\`: the body, exactly as received (the conformance kit signs these bytes itself).
- \`<name>.headers.json\` (optional): the other headers that matter, e.g.
  \`{ "x-event-type": "issue_created" }\`. Leave out credentials and signatures: the kit adds valid ones
  (and strips any it finds).

Name a file by what it carries: \`issue-created.json\`, \`two-alerts-resolved.json\`, \`ping.json\`.
Every fixture must parse into valid canonical events (a ping may yield none; at least one fixture
must yield one). Replace personal data and hostnames before committing.

To capture: point a ${displayName} webhook at a request inspector you run yourself (for instance
\`npx http-echo-server\`, or \`nc -l 9000\`) and save the body; or copy it from ${displayName}'s
webhook delivery log when it keeps one.
`;
}

function readme({ id, displayName, category, exportName }: ConnectorNames): string {
  return `# ${displayName} connector

\`${id}\` (${category}): connects ${displayName} to Switchboard. Exported as \`${exportName}\`.

## Set-up on the ${displayName} side

1. Create a service account for Switchboard and give it the permissions the hooks need.
2. Create an API token for it: it goes in the instance secret \`apiToken\`.
3. Webhooks (when this connector takes them): point ${displayName} at
   \`POST https://<hub>/hooks/<instanceId>\` with the credential the manifest declares.

## Config

| field | secret | meaning |
| --- | --- | --- |
| \`baseUrl\` | no | Root of the ${displayName} API, e.g. \`https://${id}.example.com\` |
| \`apiToken\` | yes | API token of the service account |

## Events emitted

None yet.

## Commands accepted

None yet.

## Known limits

None recorded yet: note API versions supported, rate limits met, and what is not synced.
`;
}

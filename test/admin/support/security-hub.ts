/**
 * The real hub for the security suites: HubModule through bootstrapHttpApp, the in-process bus,
 * SQLite in a temp data dir, the `example` connector type registered, one key per role created
 * through the API with the bootstrap admin key, and a second tenant with its own admin key
 * (inserted directly, since keys are made per tenant) owning one API key and one instance.
 */
import { randomUUID } from 'node:crypto';
import { AuthFailureThrottle, listRouteAccess, ROLES, type Role, type RouteAccess } from '@switchboard/auth';
import { connectorTypes, exampleConnectorType } from '@switchboard/connector-registry';
import {
  ApiKey,
  ApprovalRecord,
  IncidentRecord,
  IncidentTimelineEntry,
  RunRecord,
  RunStepRecord,
} from '@switchboard/persistence';
import type { RunningHttpApp } from '@switchboard/platform';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hubEnv, tempDataDir } from '../../platform/platform-test-env';
import { countRows } from './admin-test-app';
import { bearer, insertTenantAdminKey, startCapturingStdout } from './start-hub';

if (!connectorTypes.get('example')) connectorTypes.register(exampleConnectorType);

export const KEY_PATTERN = /sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}/g;

export const OTHER_TENANT = 'tenant-b-security';

/** A valid mapping, for the tenant fixtures and the fuzz suite's own target. */
export const MAPPING_FIXTURE = {
  name: 'other-tenant-mapping',
  source: { event: 'io.switchboard.ops.alert.triggered.v1' },
  target: { command: 'ticket.create' },
  fields: { title: { from: 'data.title' } },
};

/** A valid flow that needs no connector instance (one approve step), for the tenant and fuzz fixtures. */
export const FLOW_FIXTURE = {
  name: 'other-tenant-flow',
  trigger: { events: ['io.switchboard.ops.alert.triggered.v1'] },
  policy: { autoApprove: [] },
  steps: [{ id: 'gate', kind: 'approve', summary: 'Go ahead?' }],
};

/**
 * A body each route with an :id accepts, so that in the tenant test only tenancy can refuse the
 * call (a body the route refuses would answer 400 before the resource is looked up).
 */
export const VALID_BODIES: Record<string, object> = {
  'PATCH /api/v1/instances/:id': { enabled: false },
  'PATCH /api/v1/mappings/:id': { description: 'changed by another tenant' },
  'POST /api/v1/mappings/:id/preview': { sample: {} },
  'PATCH /api/v1/flows/:id': { description: 'changed by another tenant' },
  'POST /api/v1/approvals/:id/approve': { reason: 'decided by another tenant' },
  'POST /api/v1/approvals/:id/reject': { reason: 'decided by another tenant' },
};

export interface SecurityHub {
  hub: RunningHttpApp;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  routes: RouteAccess[];
  /** The bootstrap admin key printed in the banner. */
  bootstrapKey: string;
  /** One key per role in the default tenant, created through the API. */
  keys: Record<Role, string>;
  /** Every full key the harness knows (bootstrap, roles, other tenant, expired, revoked). */
  allKeys: () => string[];
  /** What the app wrote to stdout during the start (the banner). */
  startOutput: string;
  /** Another tenant's admin key, inserted directly. */
  otherTenantKey: string;
  /** Resources of the other tenant, by the path prefix of the routes that address them. */
  otherTenantIds: Record<string, string>;
  expiredKey: string;
  revokedKey: string;
  /** Stops the failed-authentication throttle from answering 429 (restore with the returned fn). */
  disableThrottle: () => () => void;
  close: () => Promise<void>;
}

export { bearer };

export interface StartOptions {
  env?: Record<string, string>;
  /** Called before the app starts, e.g. to install output capture. */
  beforeStart?: () => void;
}

export async function startSecurityHub(name: string, options: StartOptions = {}): Promise<SecurityHub> {
  const data = tempDataDir(name);
  options.beforeStart?.();
  const started = await startCapturingStdout(hubEnv(data.dir, { SWITCHBOARD_BUS: 'memory', ...options.env }));
  const hub: RunningHttpApp = started.hub;
  const startOutput = started.stdout;
  const bootstrapKey = started.bootstrapKey;
  if (!bootstrapKey) throw new Error(`no bootstrap key in the start output:\n${startOutput}`);

  const http = () => request(hub.app.getHttpServer());
  const dataSource = hub.app.get(DataSource);
  const createKey = async (role: Role, keyName: string, extra: Record<string, unknown> = {}) => {
    const res = await http()
      .post('/api/v1/api-keys')
      .set(bearer(bootstrapKey))
      .send({ name: keyName, role, ...extra });
    if (res.status !== 201)
      throw new Error(`creating a ${role} key: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { key: string; apiKey: { id: string } };
  };

  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createKey(role, `security-${role}`)).key;

  const expired = await createKey('admin', 'security-expired', {
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
  });
  await dataSource
    .getRepository(ApiKey)
    .update({ id: expired.apiKey.id }, { expiresAt: new Date(Date.now() - 1000) });

  const revoked = await createKey('admin', 'security-revoked');
  const revokeRes = await http()
    .post(`/api/v1/api-keys/${revoked.apiKey.id}/revoke`)
    .set(bearer(bootstrapKey))
    .set('If-Match', 'W/"1"');
  if (revokeRes.status >= 300)
    throw new Error(`revoking: ${revokeRes.status} ${JSON.stringify(revokeRes.body)}`);

  // The other tenant: an admin key inserted directly, then its resources through the API.
  const other = await insertTenantAdminKey(dataSource, OTHER_TENANT);
  const otherKeyRes = await http()
    .post('/api/v1/api-keys')
    .set(bearer(other.key))
    .send({ name: 'other-tenant-viewer', role: 'viewer' });
  const otherInstanceRes = await http()
    .post('/api/v1/instances')
    .set(bearer(other.key))
    .send({
      connectorType: 'example',
      name: 'other-tenant-instance',
      config: { baseUrl: 'https://other.example.com', project: 'OTHER' },
      secrets: { apiToken: 'other-tenant-token' },
    });
  const otherMappingRes = await http().post('/api/v1/mappings').set(bearer(other.key)).send(MAPPING_FIXTURE);
  const otherFlowRes = await http().post('/api/v1/flows').set(bearer(other.key)).send(FLOW_FIXTURE);
  if (
    otherKeyRes.status !== 201 ||
    otherInstanceRes.status !== 201 ||
    otherMappingRes.status !== 201 ||
    otherFlowRes.status !== 201
  )
    throw new Error(
      `other tenant fixtures: ${otherKeyRes.status} ${JSON.stringify(otherKeyRes.body)} / ` +
        `${otherInstanceRes.status} ${JSON.stringify(otherInstanceRes.body)} / ` +
        `${otherMappingRes.status} ${JSON.stringify(otherMappingRes.body)} / ` +
        `${otherFlowRes.status} ${JSON.stringify(otherFlowRes.body)}`,
    );
  const otherFlowId = (otherFlowRes.body as { id: string }).id;
  const otherTenantIds: Record<string, string> = {
    '/api/v1/api-keys': (otherKeyRes.body as { apiKey: { id: string } }).apiKey.id,
    '/api/v1/instances': (otherInstanceRes.body as { id: string }).id,
    '/api/v1/mappings': (otherMappingRes.body as { id: string }).id,
    '/api/v1/flows': otherFlowId,
    ...(await insertOrchestrationFixtures(dataSource, OTHER_TENANT, otherFlowId)),
  };

  const throttle = hub.app.get(AuthFailureThrottle, { strict: false });
  return {
    hub,
    http,
    dataSource,
    routes: listRouteAccess(hub.app),
    bootstrapKey,
    keys,
    allKeys: () => [
      bootstrapKey,
      ...Object.values(keys),
      other.key,
      expired.key,
      revoked.key,
      (otherKeyRes.body as { key: string }).key,
    ],
    startOutput,
    otherTenantKey: other.key,
    otherTenantIds,
    expiredKey: expired.key,
    revokedKey: revoked.key,
    disableThrottle: () => {
      const spy = jest.spyOn(throttle, 'retryAfterMs').mockReturnValue(0);
      return () => spy.mockRestore();
    },
    close: async () => {
      await hub.close();
      data.remove();
    },
  };
}

/**
 * What the orchestrator would have written for a tenant (written directly: the security hub runs
 * no flows): an incident, a run of `flowId` about it waiting at an approve step, and that pending
 * approval. Returns their ids by the path prefix of their routes.
 */
export async function insertOrchestrationFixtures(
  dataSource: DataSource,
  tenantId: string,
  flowId: string,
): Promise<Record<string, string>> {
  const now = new Date();
  const incidentId = randomUUID();
  const runId = randomUUID();
  const approvalId = randomUUID();
  const triggerEventId = randomUUID();
  const context = {
    event: { id: triggerEventId, type: 'io.switchboard.ops.alert.triggered.v1', data: {} },
    steps: {},
    decisions: {},
    config: {},
    run: { id: runId, flow: 'fixture', version: 1 },
  };
  await dataSource.getRepository(IncidentRecord).insert({
    id: incidentId,
    tenantId,
    dedupKey: `${tenantId}-fixture`,
    episodeId: `${tenantId}-fixture@1`,
    status: 'open',
    severity: 'high',
    title: `${tenantId} fixture`,
    occurrences: 1,
    ticket: null,
    humanSteps: 1,
    actions: 0,
    escalated: false,
    openedAt: now,
    resolvedAt: null,
    updatedAt: now,
  });
  await dataSource.getRepository(IncidentTimelineEntry).insert({
    incidentId,
    seq: 1,
    at: now,
    kind: 'alert.triggered',
    detail: JSON.stringify({ eventId: runId }),
  });
  await dataSource.getRepository(RunRecord).insert({
    id: runId,
    tenantId,
    flowId,
    flowVersion: 1,
    triggerEventId,
    triggerType: 'io.switchboard.ops.alert.triggered.v1',
    serialKey: null,
    incidentId,
    status: 'waiting',
    context: JSON.stringify(context),
    error: null,
    nextWakeAt: null,
    humanSteps: 1,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  });
  await dataSource.getRepository(RunStepRecord).insert({
    runId,
    stepId: 'gate',
    seq: 0,
    kind: 'approve',
    status: 'awaiting_approval',
    attempt: 1,
    idempotencyKey: null,
    instanceId: null,
    action: null,
    input: null,
    output: null,
    error: null,
    explanation: null,
    startedAt: now,
    finishedAt: null,
  });
  await dataSource.getRepository(ApprovalRecord).insert({
    id: approvalId,
    tenantId,
    runId,
    stepId: 'gate',
    summary: `${tenantId} fixture approval`,
    request: '{}',
    requestedBy: `automation:flow/${flowId}`,
    status: 'pending',
    expiresAt: new Date(now.getTime() + 3_600_000),
    onExpiry: 'reject',
    decidedBy: null,
    decidedAt: null,
    reason: null,
    createdAt: now,
    version: 1,
  });
  return { '/api/v1/runs': runId, '/api/v1/incidents': incidentId, '/api/v1/approvals': approvalId };
}

/** Values for route params that are not resource ids (`…/versions/:version`). */
const PARAM_SAMPLES: Record<string, string> = { version: '1' };

/** A route's path with every `:param` replaced: ids by `id`, others by a sample value. */
export function concretePath(path: string, id: string = randomUUID()): string {
  return path.replace(/:([A-Za-z_]\w*)/g, (_param, name: string) => PARAM_SAMPLES[name] ?? id);
}

/** Path prefix of a route with an `:id` param: `/api/v1/instances/:id/test` → `/api/v1/instances`. */
export function resourcePrefix(path: string): string {
  return path.slice(0, path.indexOf('/:'));
}

export function isWrite(route: RouteAccess): boolean {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
}

export type HttpVerb = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export function verb(route: RouteAccess): HttpVerb {
  const method = route.method.toLowerCase();
  if (method === 'all') return 'get';
  return method as HttpVerb;
}

/** Row counts the fuzz and leak suites compare before and after. */
export async function tableCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'api_keys',
    'connector_instances',
    'audit_entries',
    'mappings',
    'mapping_versions',
    'flows',
    'flow_versions',
    'approvals',
  ]) {
    counts[table] = await countRows(dataSource, table);
  }
  return counts;
}

/** Asserts an RFC 9457 problem details answer. */
export function expectProblem(res: request.Response, status?: number): void {
  if (status !== undefined) expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status });
}

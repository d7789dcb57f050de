import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, rpcSubject, type EventBus } from '@switchboard/bus';
import {
  ConnectorInstance,
  ConnectorTypeRegistry,
  INSTANCE_CHECK_ACTION,
  checkRequestedEvent,
  instanceLimitsOf,
  type CheckedData,
} from '@switchboard/connector-registry';
import {
  effectiveInstanceLimits,
  secretFieldsOfManifest,
  validateAgainstClass,
  validateConnectorConfig,
  type ConnectorManifest,
  type InstanceLimits,
} from '@switchboard/connector-sdk';
import { SwitchboardError, type FieldError } from '@switchboard/errors';
import { instanceChangedEvent, type InstanceChange } from '@switchboard/events';
import { InstanceHealthRecord } from '@switchboard/persistence';
import type { ProblemDetailsException } from '@switchboard/platform';
import { SecretBox } from '@switchboard/secrets';
import { satisfies as semverSatisfies } from 'semver';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail, type AuditedChange } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { preconditionFailed, unprocessableContent } from '../core/problems';
import { isUniqueViolation } from '../core/unique-violation';
import {
  InstanceLimitsDto,
  type CreateInstanceDto,
  type InstanceHealthView,
  type InstanceTestResult,
  type InstanceView,
  type SecretsView,
  type UpdateInstanceDto,
} from './instances.dto';

type Secrets = Record<string, string>;

/** How long "test connection" waits for a runtime's answer (a check makes one or two vendor calls). */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * Connector instances of one tenant at a time: config validated against the type registry,
 * secrets sealed (the instance id as `aad`) and write-only, optimistic concurrency by `version`,
 * every change audited and announced on the bus as `instance.changed`, atomically (see AuditTrail).
 */
@Injectable()
export class InstancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly auditTrail: AuditTrail,
    private readonly types: ConnectorTypeRegistry,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async create(request: AdminRequest, dto: CreateInstanceDto): Promise<InstanceView> {
    const { tenantId } = principalOf(request);
    const type = this.typeOrUnprocessable(dto.connectorType);
    const secrets = dto.secrets ?? {};
    const versionPin = dto.versionPin ?? `^${type.version}`;
    const limits = checkLimits(dto.limits);
    assertValidConfig(type, dto.config, secrets, limits.errors);
    assertPinMatches(type, versionPin);
    const id = uuidv7();
    const now = new Date();
    const row = this.repository.create({
      id,
      tenantId,
      connectorType: type.id,
      typeVersionPin: versionPin,
      name: dto.name,
      config: JSON.stringify(dto.config),
      secretsSealed: this.seal(id, secrets as Secrets),
      limits: storedLimits(limits.value),
      enabled: dto.enabled ?? true,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    return this.auditTrail.change(request, async (manager) => {
      await assertNameFree(manager, tenantId, dto.name);
      await insertOrConflict(manager, row);
      const view = this.toView(row);
      return this.changed('instance.create', row, undefined, view, 'created');
    });
  }

  async list(
    request: AdminRequest,
    limit = PAGE_LIMIT_DEFAULT,
    cursor?: string,
  ): Promise<Page<InstanceView>> {
    const { tenantId } = principalOf(request);
    const builder = this.repository
      .createQueryBuilder('instance')
      .where('instance.tenantId = :tenantId', { tenantId });
    return paginateByCreated(builder, 'instance', limit, cursor, (row) => this.toView(row));
  }

  async get(request: AdminRequest, id: string): Promise<InstanceView> {
    return this.toView(await this.find(principalOf(request).tenantId, id));
  }

  async update(
    request: AdminRequest,
    id: string,
    dto: UpdateInstanceDto,
    ifMatch: string | undefined,
  ): Promise<InstanceView> {
    const { tenantId } = principalOf(request);
    return this.auditTrail.change(request, async (manager) => {
      const current = await findIn(manager, tenantId, id);
      assertIfMatch(ifMatch, current.version);
      const type = this.typeOrUnprocessable(current.connectorType);
      const before = this.toView(current);

      const secrets = mergeSecrets(this.open(current), dto.secrets);
      const config = dto.config ?? (JSON.parse(current.config) as Record<string, unknown>);
      const limits = dto.limits === undefined ? undefined : checkLimits(dto.limits);
      assertValidConfig(type, config, secrets, limits?.errors);
      if (dto.name !== undefined && dto.name !== current.name)
        await assertNameFree(manager, tenantId, dto.name);

      const next: ConnectorInstance = {
        ...current,
        name: dto.name ?? current.name,
        typeVersionPin: dto.versionPin ?? current.typeVersionPin,
        config: JSON.stringify(config),
        secretsSealed: this.seal(id, secrets),
        limits: limits ? storedLimits(limits.value) : current.limits,
        enabled: dto.enabled ?? current.enabled,
        updatedAt: new Date(),
        version: current.version + 1,
      };
      await writeIfVersion(manager, current, next);
      return this.changed('instance.update', next, before, this.toView(next), changeOf(dto, current));
    });
  }

  async remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    const { tenantId } = principalOf(request);
    await this.auditTrail.change(request, async (manager) => {
      const current = await findIn(manager, tenantId, id);
      assertIfMatch(ifMatch, current.version);
      const result = await manager
        .createQueryBuilder()
        .delete()
        .from(ConnectorInstance)
        .where('id = :id AND tenant_id = :tenantId AND version = :version', {
          id,
          tenantId,
          version: current.version,
        })
        .execute();
      if (result.affected === 0) throw changedSinceRead();
      return this.changed('instance.delete', current, this.toView(current), undefined, 'deleted');
    });
  }

  /**
   * Tests the connection: the stored config must still fit the type, then the connector runtime
   * hosting the instance runs its `check` hook (the admin API runs no connector code) and answers
   * over request/reply. No runtime answering is a result too, not an error.
   */
  async test(request: AdminRequest, id: string): Promise<InstanceTestResult> {
    const { tenantId } = principalOf(request);
    const row = await this.find(tenantId, id);
    const type = this.types.get(row.connectorType)?.manifest;
    if (!type)
      return {
        ok: false,
        status: 'invalid_config',
        detail: `connector type ${row.connectorType} is not installed in this hub`,
      };
    const errors = validateConnectorConfig(type, JSON.parse(row.config), this.open(row));
    if (errors.length > 0)
      return {
        ok: false,
        status: 'invalid_config',
        detail: 'the stored config is not valid for this connector type',
        errors,
      };
    if (!row.enabled)
      return { ok: false, status: 'misconfigured', detail: 'the instance is disabled: enable it to test it' };
    let reply;
    try {
      reply = await this.bus.request(
        rpcSubject(tenantId, id, INSTANCE_CHECK_ACTION),
        checkRequestedEvent(tenantId, id),
        { timeoutMs: CHECK_TIMEOUT_MS },
      );
    } catch (error) {
      return {
        ok: false,
        status: 'no_runtime',
        detail: `no connector runtime answered within ${CHECK_TIMEOUT_MS / 1000} s: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const { instanceId: _instanceId, ...result } = reply.data as CheckedData;
    return result;
  }

  /** What the runtime hosting the instance last reported about it. */
  async health(request: AdminRequest, id: string): Promise<InstanceHealthView> {
    const row = await this.find(principalOf(request).tenantId, id);
    const health = await this.dataSource.getRepository(InstanceHealthRecord).findOneBy({ instanceId: id });
    const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
    return {
      instanceId: id,
      status: !row.enabled ? 'disabled' : (health?.status ?? 'unknown'),
      enabled: row.enabled,
      lastSuccessAt: iso(health?.lastSuccessAt),
      lastErrorAt: iso(health?.lastErrorAt),
      lastError: health?.lastError ? (JSON.parse(health.lastError) as InstanceHealthView['lastError']) : null,
      rateLimitedUntil: iso(health?.rateLimitedUntil),
      circuit: health?.circuit ?? 'closed',
      lastCheck: health?.lastCheck ? (JSON.parse(health.lastCheck) as Record<string, unknown>) : null,
      reportedBy: health?.reportedBy ?? null,
      updatedAt: iso(health?.updatedAt),
    };
  }

  private get repository() {
    return this.dataSource.getRepository(ConnectorInstance);
  }

  private find(tenantId: string, id: string): Promise<ConnectorInstance> {
    return findIn(this.dataSource.manager, tenantId, id);
  }

  private typeOrUnprocessable(id: string): ConnectorManifest {
    const type = this.types.get(id)?.manifest;
    if (!type)
      throw unprocessable([{ path: 'connectorType', message: `is not an installed connector type: ${id}` }]);
    return type;
  }

  private seal(id: string, secrets: Secrets): string {
    return this.secretBox.seal(JSON.stringify(secrets), id);
  }

  private open(row: ConnectorInstance): Secrets {
    return JSON.parse(this.secretBox.open(row.secretsSealed, row.id)) as Secrets;
  }

  private toView(row: ConnectorInstance): InstanceView {
    const stored = this.open(row);
    const type = this.types.get(row.connectorType)?.manifest;
    const fields = new Set([...(type ? secretFieldsOfManifest(type) : []), ...Object.keys(stored)]);
    const secrets: SecretsView = {};
    for (const field of [...fields].sort()) secrets[field] = { set: stored[field] !== undefined };
    const limits = instanceLimitsOf(row);
    return {
      id: row.id,
      connectorType: row.connectorType,
      versionPin: row.typeVersionPin,
      name: row.name,
      config: JSON.parse(row.config) as Record<string, unknown>,
      secrets,
      limits,
      effectiveLimits: effectiveInstanceLimits(type?.rateLimit, limits),
      enabled: row.enabled,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    };
  }

  /** The audit entry and the `instance.changed` event of a change, committed with it. */
  private changed<T extends InstanceView | undefined>(
    action: string,
    row: ConnectorInstance,
    before: InstanceView | undefined,
    after: T,
    change: InstanceChange,
  ): AuditedChange<T> {
    return {
      result: after,
      audit: {
        action,
        targetType: 'connector_instance',
        targetId: row.id,
        before: before && auditSnapshot(before),
        after: after && auditSnapshot(after),
      },
      events: [
        instanceChangedEvent(row.tenantId, {
          instanceId: row.id,
          connectorType: row.connectorType,
          change,
          version: row.version,
        }),
      ],
    };
  }
}

async function findIn(manager: EntityManager, tenantId: string, id: string): Promise<ConnectorInstance> {
  // Another tenant's instance is indistinguishable from a missing one.
  const row = await manager.getRepository(ConnectorInstance).findOneBy({ id, tenantId });
  if (!row) throw SwitchboardError.notFound(`No connector instance ${id}`);
  return row;
}

async function assertNameFree(manager: EntityManager, tenantId: string, name: string): Promise<void> {
  if (await manager.getRepository(ConnectorInstance).existsBy({ tenantId, name }))
    throw SwitchboardError.conflict(`A connector instance named ${name} already exists`);
}

async function insertOrConflict(manager: EntityManager, row: ConnectorInstance): Promise<void> {
  try {
    await manager.insert(ConnectorInstance, row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw SwitchboardError.conflict(`A connector instance named ${row.name} already exists`);
    throw error;
  }
}

async function writeIfVersion(
  manager: EntityManager,
  current: ConnectorInstance,
  next: ConnectorInstance,
): Promise<void> {
  let affected: number | undefined;
  try {
    const result = await manager
      .createQueryBuilder()
      .update(ConnectorInstance)
      .set({
        name: next.name,
        typeVersionPin: next.typeVersionPin,
        config: next.config,
        secretsSealed: next.secretsSealed,
        limits: next.limits,
        enabled: next.enabled,
        updatedAt: next.updatedAt,
        version: next.version,
      })
      .where('id = :id AND tenant_id = :tenantId AND version = :version', {
        id: current.id,
        tenantId: current.tenantId,
        version: current.version,
      })
      .execute();
    affected = result.affected;
  } catch (error) {
    if (isUniqueViolation(error))
      throw SwitchboardError.conflict(`A connector instance named ${next.name} already exists`);
    throw error;
  }
  if (affected === 0) throw changedSinceRead();
}

/** `null` removes a secret, a value replaces it, an absent key keeps it. */
export function mergeSecrets(current: Secrets, patch: Record<string, unknown> | undefined): Secrets {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged as Secrets;
}

/**
 * What the audit trail keeps of an instance: secret names split into set and unset, never their
 * values. (Not under a `secrets` key: the audit log redacts secret-looking keys wholesale.)
 */
function auditSnapshot(view: InstanceView): Record<string, unknown> {
  const { secrets, ...rest } = view;
  const names = Object.keys(secrets);
  return {
    ...rest,
    sealedFields: { set: names.filter((n) => secrets[n]!.set), unset: names.filter((n) => !secrets[n]!.set) },
  };
}

function changeOf(dto: UpdateInstanceDto, current: ConnectorInstance): InstanceChange {
  const onlyEnabled = Object.entries(dto).every(([key, value]) => key === 'enabled' || value === undefined);
  if (onlyEnabled && dto.enabled !== undefined && dto.enabled !== current.enabled)
    return dto.enabled ? 'enabled' : 'disabled';
  return 'updated';
}

/** Refuses the config and secrets (and any other field errors found) with one 422 naming them all. */
function assertValidConfig(
  type: ConnectorManifest,
  config: unknown,
  secrets: unknown,
  otherErrors: FieldError[] = [],
): void {
  const errors = [...validateConnectorConfig(type, config, secrets), ...otherErrors];
  if (errors.length > 0) throw unprocessable(errors);
}

/**
 * `limits` as sent: each field checked against {@link InstanceLimitsDto} (unknown ones refused),
 * a field sent as null left to the connector's hint, and at least one field set. `null` is no
 * override at all.
 */
function checkLimits(input: InstanceLimits | null | undefined): {
  value: InstanceLimits | null;
  errors: FieldError[];
} {
  if (input === undefined || input === null) return { value: null, errors: [] };
  const checked = validateAgainstClass(InstanceLimitsDto, input, () => 'limits');
  if (!checked.ok) return { value: null, errors: checked.errors };
  const { requestsPerSecond, maxConcurrent } = checked.value;
  const value: InstanceLimits = {
    ...(requestsPerSecond != null ? { requestsPerSecond } : {}),
    ...(maxConcurrent != null ? { maxConcurrent } : {}),
  };
  if (Object.keys(value).length === 0)
    return {
      value: null,
      errors: [
        {
          path: 'limits',
          message: 'must set requestsPerSecond, maxConcurrent or both (null removes the override)',
        },
      ],
    };
  return { value, errors: [] };
}

function storedLimits(limits: InstanceLimits | null): string | null {
  return limits && JSON.stringify(limits);
}

/** An instance pinned to versions the hub does not have could never run: refuse it up front. */
function assertPinMatches(type: ConnectorManifest, pin: string): void {
  if (!semverSatisfies(type.version, pin))
    throw unprocessable([
      { path: 'versionPin', message: `${pin} does not match the installed ${type.id} ${type.version}` },
    ]);
}

/** 412: the row moved between the If-Match check and the write (another change won the race). */
function changedSinceRead(): ProblemDetailsException {
  return preconditionFailed('The instance changed since you read it: GET it again and re-apply your change.');
}

function unprocessable(errors: FieldError[]): ProblemDetailsException {
  return unprocessableContent(
    errors.length === 1
      ? `1 field is invalid: ${errors[0]!.path}`
      : `${errors.length} fields are invalid: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  );
}

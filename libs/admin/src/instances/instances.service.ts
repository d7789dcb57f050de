import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import {
  ConnectorInstance,
  ConnectorTypeRegistry,
  secretFieldsOfType,
  validateConnectorConfig,
  type ConnectorTypeDefinition,
} from '@switchboard/connector-registry';
import { SwitchboardError, type FieldError } from '@switchboard/errors';
import { ProblemDetailsException, problemType } from '@switchboard/platform';
import { SecretBox } from '@switchboard/secrets';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { instanceChangedEvent, type InstanceChange } from './instance-changed.event';
import {
  type CreateInstanceDto,
  type InstanceTestResult,
  type InstanceView,
  type SecretsView,
  type UpdateInstanceDto,
} from './instances.dto';

type Secrets = Record<string, string>;

/**
 * Connector instances of one tenant at a time: config validated against the type registry,
 * secrets sealed (the instance id as `aad`) and write-only, optimistic concurrency by `version`,
 * every change audited and announced on the bus as `instance.changed`.
 */
@Injectable()
export class InstancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secretBox: SecretBox,
    private readonly auditTrail: AuditTrail,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly types: ConnectorTypeRegistry,
  ) {}

  async create(request: AdminRequest, dto: CreateInstanceDto): Promise<InstanceView> {
    const { tenantId } = principalOf(request);
    const type = this.typeOrUnprocessable(dto.connectorType);
    const secrets = dto.secrets ?? {};
    assertValidConfig(type, dto.config, secrets);
    await this.assertNameFree(tenantId, dto.name);
    const id = uuidv7();
    const now = new Date();
    const row = this.repository.create({
      id,
      tenantId,
      connectorType: type.id,
      typeVersionPin: dto.versionPin ?? `^${type.version}`,
      name: dto.name,
      config: JSON.stringify(dto.config),
      secretsSealed: this.seal(id, secrets as Secrets),
      enabled: dto.enabled ?? true,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await this.insertOrConflict(row);
    const view = this.toView(row);
    await this.record(request, 'instance.create', row, undefined, view, 'created');
    return view;
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
    const current = await this.find(tenantId, id);
    assertIfMatch(ifMatch, current.version);
    const type = this.typeOrUnprocessable(current.connectorType);
    const before = this.toView(current);

    const secrets = mergeSecrets(this.open(current), dto.secrets);
    const config = dto.config ?? (JSON.parse(current.config) as Record<string, unknown>);
    assertValidConfig(type, config, secrets);
    if (dto.name !== undefined && dto.name !== current.name) await this.assertNameFree(tenantId, dto.name);

    const next: ConnectorInstance = {
      ...current,
      name: dto.name ?? current.name,
      typeVersionPin: dto.versionPin ?? current.typeVersionPin,
      config: JSON.stringify(config),
      secretsSealed: this.seal(id, secrets),
      enabled: dto.enabled ?? current.enabled,
      updatedAt: new Date(),
      version: current.version + 1,
    };
    await this.writeIfVersion(current, next);
    const after = this.toView(next);
    await this.record(request, 'instance.update', next, before, after, changeOf(dto, current));
    return after;
  }

  async remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    const current = await this.find(principalOf(request).tenantId, id);
    assertIfMatch(ifMatch, current.version);
    const before = this.toView(current);
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .where('id = :id AND tenant_id = :tenantId AND version = :version', {
        id,
        tenantId: current.tenantId,
        version: current.version,
      })
      .execute();
    if (result.affected === 0) throw preconditionFailed();
    await this.record(request, 'instance.delete', current, before, undefined, 'deleted');
  }

  /**
   * Checks what can be checked without connector code: the type is known and the stored config
   * and secrets still satisfy it. Connector types have no `check` hook yet, so the answer is
   * never `ok: true`; the detail says so.
   */
  async test(request: AdminRequest, id: string): Promise<InstanceTestResult> {
    const row = await this.find(principalOf(request).tenantId, id);
    const type = this.types.get(row.connectorType);
    if (!type)
      return { ok: false, detail: `connector type ${row.connectorType} is not installed in this hub` };
    const errors = validateConnectorConfig(type, JSON.parse(row.config), this.open(row));
    if (errors.length > 0)
      return { ok: false, detail: 'the stored config is not valid for this connector type', errors };
    return {
      ok: false,
      detail: `config and secrets are valid, but connector type ${type.id} has no check hook yet, so the connection was not tested`,
    };
  }

  private get repository() {
    return this.dataSource.getRepository(ConnectorInstance);
  }

  private async find(tenantId: string, id: string): Promise<ConnectorInstance> {
    // Another tenant's instance is indistinguishable from a missing one.
    const row = await this.repository.findOneBy({ id, tenantId });
    if (!row) throw SwitchboardError.notFound(`No connector instance ${id}`);
    return row;
  }

  private typeOrUnprocessable(id: string): ConnectorTypeDefinition {
    const type = this.types.get(id);
    if (!type)
      throw unprocessable([{ path: 'connectorType', message: `is not an installed connector type: ${id}` }]);
    return type;
  }

  private async assertNameFree(tenantId: string, name: string): Promise<void> {
    if (await this.repository.existsBy({ tenantId, name }))
      throw SwitchboardError.conflict(`A connector instance named ${name} already exists`);
  }

  private async insertOrConflict(row: ConnectorInstance): Promise<void> {
    try {
      await this.repository.insert(row);
    } catch (error) {
      if (isUniqueViolation(error))
        throw SwitchboardError.conflict(`A connector instance named ${row.name} already exists`);
      throw error;
    }
  }

  private async writeIfVersion(current: ConnectorInstance, next: ConnectorInstance): Promise<void> {
    let affected: number | undefined;
    try {
      const result = await this.repository
        .createQueryBuilder()
        .update(ConnectorInstance)
        .set({
          name: next.name,
          typeVersionPin: next.typeVersionPin,
          config: next.config,
          secretsSealed: next.secretsSealed,
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
    if (affected === 0) throw preconditionFailed();
  }

  private seal(id: string, secrets: Secrets): string {
    return this.secretBox.seal(JSON.stringify(secrets), id);
  }

  private open(row: ConnectorInstance): Secrets {
    return JSON.parse(this.secretBox.open(row.secretsSealed, row.id)) as Secrets;
  }

  private toView(row: ConnectorInstance): InstanceView {
    const stored = this.open(row);
    const type = this.types.get(row.connectorType);
    const fields = new Set([...(type ? secretFieldsOfType(type) : []), ...Object.keys(stored)]);
    const secrets: SecretsView = {};
    for (const field of [...fields].sort()) secrets[field] = { set: stored[field] !== undefined };
    return {
      id: row.id,
      connectorType: row.connectorType,
      versionPin: row.typeVersionPin,
      name: row.name,
      config: JSON.parse(row.config) as Record<string, unknown>,
      secrets,
      enabled: row.enabled,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      version: row.version,
    };
  }

  /**
   * Audits the change, then announces it. The row is already written: a failure here surfaces
   * as an error to the caller, who sees the new version on the next read.
   */
  private async record(
    request: AdminRequest,
    action: string,
    row: ConnectorInstance,
    before: InstanceView | undefined,
    after: InstanceView | undefined,
    change: InstanceChange,
  ): Promise<void> {
    await this.auditTrail.record(request, {
      action,
      targetType: 'connector_instance',
      targetId: row.id,
      before: before && auditSnapshot(before),
      after: after && auditSnapshot(after),
    });
    await this.bus.publish(
      instanceChangedEvent(row.tenantId, {
        instanceId: row.id,
        connectorType: row.connectorType,
        change,
        version: row.version,
      }),
    );
  }
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

function assertValidConfig(type: ConnectorTypeDefinition, config: unknown, secrets: unknown): void {
  const errors = validateConnectorConfig(type, config, secrets);
  if (errors.length > 0) throw unprocessable(errors);
}

function unprocessable(errors: FieldError[]): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('validation'),
    title: 'Unprocessable Content',
    status: 422,
    detail:
      errors.length === 1
        ? `1 field is invalid: ${errors[0]!.path}`
        : `${errors.length} fields are invalid: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  });
}

function preconditionFailed(): ProblemDetailsException {
  return new ProblemDetailsException({
    type: problemType('precondition-failed'),
    title: 'Precondition Failed',
    status: 412,
    detail: 'The instance changed since you read it: GET it again and re-apply your change.',
  });
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ??
    (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

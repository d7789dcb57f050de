import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import type { FieldError } from '@switchboard/errors';
import { flowChangedEvent, validateFlow, type FlowChange } from '@switchboard/orchestration';
import { FlowHead, FlowVersion } from '@switchboard/persistence';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail, type AuditedChange } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { decodeVersionCursor, versionNumber } from '../mappings/mapping-records';
import { instanceResolver } from './flow-instances';
import { invalidFlow } from './flow-problems';
import {
  assertNameFree,
  deleteHead,
  findHead,
  findVersion,
  insertOrConflict,
  moveHead,
} from './flow-queries';
import {
  applyChange,
  definitionOf,
  parse,
  toVersionView,
  toView,
  versionRow,
  type StoredFlow,
} from './flow-records';
import type { CreateFlowDto, FlowValidation, FlowVersionView, FlowView, UpdateFlowDto } from './flows.dto';

/**
 * Flows of one tenant at a time, versioned like mappings: a change to the definition writes a new
 * immutable version and moves the head to it; enable and disable move only the head. Runs pin the
 * version they started with, so versions are never deleted. Definitions are validated by
 * validateFlow against the tenant's instances before anything is written. Every change is audited
 * and announced as `hub.flow.changed` (orchestrators drop their cached flows) atomically.
 */
@Injectable()
export class FlowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly types: ConnectorTypeRegistry,
  ) {}

  /** Every problem of a definition in the caller's tenant, path-qualified; empty when it would save. */
  async problems(
    request: AdminRequest,
    definition: unknown,
    manager = this.dataSource.manager,
  ): Promise<FieldError[]> {
    const resolver = await instanceResolver(manager, this.types, principalOf(request).tenantId, definition);
    return validateFlow(definition, resolver);
  }

  async validate(request: AdminRequest, dto: CreateFlowDto): Promise<FlowValidation> {
    const errors = await this.problems(request, definitionOf(dto));
    return { valid: errors.length === 0, errors };
  }

  create(request: AdminRequest, dto: CreateFlowDto): Promise<FlowView> {
    return this.createDefinition(request, definitionOf(dto), dto.enabled ?? true);
  }

  /** Saves a definition as a new flow (version 1), after validating it in the same transaction. */
  async createDefinition(request: AdminRequest, definition: StoredFlow, enabled: boolean): Promise<FlowView> {
    const { tenantId, keyId } = principalOf(request);
    const now = new Date();
    const head: FlowHead = {
      id: uuidv7(),
      tenantId,
      name: definition.name,
      enabled,
      currentVersion: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return this.auditTrail.change(request, async (manager) => {
      await this.assertValid(request, definition, manager);
      await assertNameFree(manager, tenantId, head.name);
      await insertOrConflict(manager, head);
      await manager.insert(FlowVersion, versionRow(head, definition, keyId, now));
      return this.changed('flow.create', head, undefined, toView(head, definition), 'created');
    });
  }

  async list(request: AdminRequest, limit = PAGE_LIMIT_DEFAULT, cursor?: string): Promise<Page<FlowView>> {
    const { tenantId } = principalOf(request);
    const builder = this.dataSource
      .getRepository(FlowHead)
      .createQueryBuilder('flow')
      .where('flow.tenantId = :tenantId', { tenantId });
    const page = await paginateByCreated(builder, 'flow', limit, cursor, (head) => head);
    if (page.items.length === 0) return { items: [], nextCursor: page.nextCursor };
    const versions = await this.dataSource
      .getRepository(FlowVersion)
      .findBy(page.items.map((head) => ({ flowId: head.id, version: head.currentVersion, tenantId })));
    const byId = new Map(versions.map((row) => [row.flowId, row]));
    return {
      items: page.items.map((head) => toView(head, parse(byId.get(head.id)!))),
      nextCursor: page.nextCursor,
    };
  }

  async get(request: AdminRequest, id: string): Promise<FlowView> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    return toView(head, parse(await findVersion(this.dataSource.manager, head, head.currentVersion)));
  }

  /** The versions of a flow, newest first, paged by version number. */
  async versions(
    request: AdminRequest,
    id: string,
    limit = PAGE_LIMIT_DEFAULT,
    cursor?: string,
  ): Promise<Page<FlowVersionView>> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    const builder = this.dataSource
      .getRepository(FlowVersion)
      .createQueryBuilder('version')
      .where('version.flowId = :id AND version.tenantId = :tenantId', { id, tenantId: head.tenantId });
    if (cursor !== undefined)
      builder.andWhere('version.version < :before', { before: decodeVersionCursor(cursor) });
    const rows = await builder
      .orderBy('version.version', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toVersionView),
      nextCursor:
        rows.length > limit && last ? Buffer.from(String(last.version)).toString('base64url') : null,
    };
  }

  /** One version; `version` is the raw path parameter, checked once the flow is known to exist. */
  async version(request: AdminRequest, id: string, version: string): Promise<FlowVersionView> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    return toVersionView(await findVersion(this.dataSource.manager, head, versionNumber(version)));
  }

  async update(
    request: AdminRequest,
    id: string,
    dto: UpdateFlowDto,
    ifMatch: string | undefined,
  ): Promise<FlowView> {
    const { tenantId, keyId } = principalOf(request);
    return this.auditTrail.change(request, async (manager) => {
      const head = await findHead(manager, tenantId, id);
      assertIfMatch(ifMatch, head.version);
      const current = parse(await findVersion(manager, head, head.currentVersion));
      const next = applyChange(current, dto);
      // Nothing changes, so no new version: a repeated PATCH is harmless.
      if (isDeepStrictEqual(next, current)) return { result: toView(head, current), audit: null };
      await this.assertValid(request, next, manager);
      const now = new Date();
      const moved: FlowHead = {
        ...head,
        name: next.name,
        currentVersion: head.currentVersion + 1,
        version: head.version + 1,
        updatedAt: now,
      };
      await moveHead(manager, head, moved);
      await manager.insert(FlowVersion, versionRow(moved, next, keyId, now));
      return this.changed('flow.update', moved, toView(head, current), toView(moved, next), 'updated');
    });
  }

  /** Enables or disables a flow: the head moves, the definition stays. Already so: nothing changes. */
  async setEnabled(
    request: AdminRequest,
    id: string,
    enabled: boolean,
    ifMatch: string | undefined,
  ): Promise<FlowView> {
    const { tenantId } = principalOf(request);
    return this.auditTrail.change(request, async (manager) => {
      const head = await findHead(manager, tenantId, id);
      assertIfMatch(ifMatch, head.version);
      const definition = parse(await findVersion(manager, head, head.currentVersion));
      if (head.enabled === enabled) return { result: toView(head, definition), audit: null };
      const moved: FlowHead = { ...head, enabled, version: head.version + 1, updatedAt: new Date() };
      await moveHead(manager, head, moved);
      return this.changed(
        enabled ? 'flow.enable' : 'flow.disable',
        moved,
        toView(head, definition),
        toView(moved, definition),
        enabled ? 'enabled' : 'disabled',
      );
    });
  }

  async remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    const { tenantId } = principalOf(request);
    await this.auditTrail.change(request, async (manager) => {
      const head = await findHead(manager, tenantId, id);
      assertIfMatch(ifMatch, head.version);
      const current = parse(await findVersion(manager, head, head.currentVersion));
      await deleteHead(manager, head);
      // The versions stay: runs that pinned one go on, and can still be explained.
      return this.changed('flow.delete', head, toView(head, current), undefined, 'deleted');
    });
  }

  private async assertValid(
    request: AdminRequest,
    definition: StoredFlow,
    manager: EntityManager,
  ): Promise<void> {
    const errors = await this.problems(request, definition, manager);
    if (errors.length > 0) throw invalidFlow(errors);
  }

  /** The audit entry and the `hub.flow.changed` event of a change, committed with it. */
  private changed<T extends FlowView | undefined>(
    action: string,
    head: FlowHead,
    before: FlowView | undefined,
    after: T,
    change: FlowChange,
  ): AuditedChange<T> {
    return {
      result: after,
      audit: { action, targetType: 'flow', targetId: head.id, before, after },
      events: [flowChangedEvent(head.tenantId, { flowId: head.id, change, version: head.currentVersion })],
    };
  }
}

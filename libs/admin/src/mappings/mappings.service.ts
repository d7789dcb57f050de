import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { MappingCompiler, previewMapping, type CompiledMapping } from '@switchboard/mapping';
import { MappingHead, MappingVersion } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail, type AuditedChange } from '../core/audit-trail.service';
import { assertIfMatch } from '../core/etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, type Page } from '../core/pagination';
import { mappingChangedEvent, type MappingChange } from './mapping-changed.event';
import { preconditionFailed, unprocessable } from './mapping-problems';
import { assertNameFree, findHead, findVersion, insertOrConflict, moveHead } from './mapping-queries';
import {
  applyChange,
  decodeVersionCursor,
  definitionOf,
  parse,
  toVersionView,
  toView,
  versionNumber,
  versionRow,
  type StoredDefinition,
} from './mapping-records';
import type {
  CreateMappingDto,
  MappingPreview,
  MappingValidation,
  MappingVersionView,
  MappingView,
  PreviewMappingDto,
  UpdateMappingDto,
} from './mappings.dto';

/**
 * Mappings of one tenant at a time, versioned: every change that alters a definition writes a new
 * immutable version and moves the head to it (optimistic concurrency on the head's version), every
 * change is audited and announced as `mapping.changed` atomically (see AuditTrail). Definitions are
 * validated by @switchboard/mapping before anything is written; previews compile each version once.
 */
@Injectable()
export class MappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
    private readonly compiler: MappingCompiler,
  ) {}

  /** What saving this definition would answer, without saving it. */
  validate(dto: CreateMappingDto): MappingValidation {
    const errors = this.compiler.validate(definitionOf(dto));
    return { valid: errors.length === 0, errors };
  }

  async create(request: AdminRequest, dto: CreateMappingDto): Promise<MappingView> {
    const { tenantId, keyId } = principalOf(request);
    const definition = definitionOf(dto);
    this.assertValid(definition);
    const now = new Date();
    const head: MappingHead = {
      id: uuidv7(),
      tenantId,
      name: definition.name,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return this.auditTrail.change(request, async (manager) => {
      await assertNameFree(manager, tenantId, head.name);
      await insertOrConflict(manager, head);
      await manager.insert(MappingVersion, versionRow(head, definition, keyId, now));
      return this.changed('mapping.create', head, undefined, toView(head, definition), 'created');
    });
  }

  async list(request: AdminRequest, limit = PAGE_LIMIT_DEFAULT, cursor?: string): Promise<Page<MappingView>> {
    const { tenantId } = principalOf(request);
    const builder = this.dataSource
      .getRepository(MappingHead)
      .createQueryBuilder('mapping')
      .where('mapping.tenantId = :tenantId', { tenantId });
    const page = await paginateByCreated(builder, 'mapping', limit, cursor, (head) => head);
    if (page.items.length === 0) return { items: [], nextCursor: page.nextCursor };
    const versions = await this.dataSource
      .getRepository(MappingVersion)
      .findBy(page.items.map((head) => ({ mappingId: head.id, version: head.version, tenantId })));
    const byId = new Map(versions.map((row) => [row.mappingId, row]));
    return {
      items: page.items.map((head) => toView(head, parse(byId.get(head.id)!))),
      nextCursor: page.nextCursor,
    };
  }

  async get(request: AdminRequest, id: string): Promise<MappingView> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    return toView(head, parse(await findVersion(this.dataSource.manager, head, head.version)));
  }

  /** The versions of a mapping, newest first, paged by version number. */
  async versions(
    request: AdminRequest,
    id: string,
    limit = PAGE_LIMIT_DEFAULT,
    cursor?: string,
  ): Promise<Page<MappingVersionView>> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    const builder = this.dataSource
      .getRepository(MappingVersion)
      .createQueryBuilder('version')
      .where('version.mappingId = :id AND version.tenantId = :tenantId', { id, tenantId: head.tenantId });
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

  /** One version; `version` is the raw path parameter, checked once the mapping is known to exist. */
  async version(request: AdminRequest, id: string, version: string): Promise<MappingVersionView> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    return toVersionView(await findVersion(this.dataSource.manager, head, versionNumber(version)));
  }

  async update(
    request: AdminRequest,
    id: string,
    dto: UpdateMappingDto,
    ifMatch: string | undefined,
  ): Promise<MappingView> {
    const { tenantId, keyId } = principalOf(request);
    return this.auditTrail.change(request, async (manager) => {
      const head = await findHead(manager, tenantId, id);
      assertIfMatch(ifMatch, head.version);
      const current = parse(await findVersion(manager, head, head.version));
      const next = applyChange(current, dto);
      // Nothing changes, so no new version: a repeated PATCH is harmless.
      if (isDeepStrictEqual(next, current)) return { result: toView(head, current), audit: null };
      this.assertValid(next);
      const now = new Date();
      const moved: MappingHead = { ...head, name: next.name, version: head.version + 1, updatedAt: now };
      await moveHead(manager, head, moved);
      await manager.insert(MappingVersion, versionRow(moved, next, keyId, now));
      return this.changed('mapping.update', moved, toView(head, current), toView(moved, next), 'updated');
    });
  }

  async remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    const { tenantId } = principalOf(request);
    await this.auditTrail.change(request, async (manager) => {
      const head = await findHead(manager, tenantId, id);
      assertIfMatch(ifMatch, head.version);
      const current = parse(await findVersion(manager, head, head.version));
      const result = await manager
        .createQueryBuilder()
        .delete()
        .from(MappingHead)
        .where('id = :id AND tenant_id = :tenantId AND current_version = :version', {
          id,
          tenantId,
          version: head.version,
        })
        .execute();
      if (result.affected === 0) throw preconditionFailed();
      // The versions stay: runs that pinned one can still be explained.
      return this.changed('mapping.delete', head, toView(head, current), undefined, 'deleted');
    });
  }

  /** Runs a version (the current one by default) on a sample; the compiled version is cached. */
  async preview(request: AdminRequest, id: string, dto: PreviewMappingDto): Promise<MappingPreview> {
    const head = await findHead(this.dataSource.manager, principalOf(request).tenantId, id);
    const row = await findVersion(this.dataSource.manager, head, dto.version ?? head.version);
    let compiled: CompiledMapping;
    try {
      compiled = this.compiler.compileVersion(head.id, row.version, parse(row));
    } catch (error) {
      // Saved valid, no longer valid: the event type or command it names has changed since.
      if (error instanceof SwitchboardError && error.fieldErrors) throw unprocessable(error.fieldErrors);
      throw error;
    }
    const { output, errors } = await previewMapping(compiled, dto.sample);
    return { mappingId: head.id, version: row.version, output, errors };
  }

  private assertValid(definition: StoredDefinition): void {
    const errors = this.compiler.validate(definition);
    if (errors.length > 0) throw unprocessable(errors);
  }

  /** The audit entry and the `mapping.changed` event of a change, committed with it. */
  private changed<T extends MappingView | undefined>(
    action: string,
    head: MappingHead,
    before: MappingView | undefined,
    after: T,
    change: MappingChange,
  ): AuditedChange<T> {
    return {
      result: after,
      audit: { action, targetType: 'mapping', targetId: head.id, before, after },
      events: [
        mappingChangedEvent(head.tenantId, {
          mappingId: head.id,
          name: head.name,
          change,
          version: head.version,
        }),
      ],
    };
  }
}

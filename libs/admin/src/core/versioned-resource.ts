// The mechanics shared by the admin API's versioned resources (flows, mappings): a head row per
// resource, immutable version rows, optimistic concurrency on the head, every change audited and
// announced atomically. What differs between them (tables, views, validation, events) is a spec.
import { isDeepStrictEqual } from 'node:util';
import { SwitchboardError, type FieldError } from '@switchboard/errors';
import type { CloudEvent } from '@switchboard/events';
import type { ProblemDetailsException } from '@switchboard/platform';
import type {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  QueryDeepPartialEntity,
} from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { principalOf, type AdminRequest } from './admin-request';
import type { AuditTrail, AuditedChange } from './audit-trail.service';
import { assertIfMatch } from './etag';
import { PAGE_LIMIT_DEFAULT, paginateByCreated, paginateByVersion, type Page } from './pagination';
import { preconditionFailed, unprocessableContent } from './problems';
import { isUniqueViolation } from './unique-violation';

/** The head row of a versioned resource: what lists show, its name unique per tenant. */
export interface VersionedHead {
  id: string;
  tenantId: string;
  name: string;
  /** Optimistic concurrency (the ETag): every write to the head checks it and bumps it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A version row: one saved definition, never changed once written (runs pin versions). */
export interface DefinitionVersion {
  version: number;
  tenantId: string;
  /** The definition as JSON. */
  definition: string;
  createdAt: Date;
  /** The API key that saved it. */
  createdBy: string;
}

/** The changes every versioned resource announces; a resource may add its own (flows: enabled, disabled). */
export type VersionedChange = 'created' | 'updated' | 'deleted';

/** How a versioned resource is stored and shown: its tables, rows and views. */
export interface VersionedRecords<
  Head extends VersionedHead,
  Version extends DefinitionVersion,
  Definition extends { name: string },
  View,
  VersionView,
> {
  /** `flow`, `mapping`: the audit target type, the query alias and the word in error messages. */
  noun: string;
  /** The audit actions of the changes every versioned resource has. */
  actions: { create: string; update: string; delete: string };
  head: EntityTarget<Head>;
  version: EntityTarget<Version>;
  /** The property of a version row holding its head's id (`flowId`, `mappingId`). */
  headKey: keyof Version & string;
  /** The version the head points at: what GET shows. */
  currentVersion(head: Head): number;
  /** The head pointing at another version. */
  withCurrentVersion(head: Head, version: number): Head;
  versionRow(head: Head, definition: Definition, createdBy: string, at: Date): Version;
  parse(row: Version): Definition;
  toView(head: Head, definition: Definition): View;
  toVersionView(row: Version): VersionView;
}

/** A versioned resource: how it is stored, plus what its service decides (validation, events). */
export interface VersionedResourceSpec<
  Head extends VersionedHead,
  Version extends DefinitionVersion,
  Definition extends { name: string },
  View,
  VersionView,
  Change extends string,
> extends VersionedRecords<Head, Version, Definition, View, VersionView> {
  /** Throws (a 422) when the definition may not be saved; runs in the transaction of the write. */
  assertValid(request: AdminRequest, definition: Definition, manager: EntityManager): Promise<void> | void;
  /** The events announcing a change, committed with it (see AuditTrail). */
  announce(head: Head, change: VersionedChange | Change): CloudEvent[];
}

/**
 * Create, list, get, versions, change-as-a-new-version and delete of one versioned resource, for
 * the caller's tenant only (another tenant's resource is indistinguishable from a missing one).
 * Changes need the head's ETag (If-Match) and are written only if the head has not moved since it
 * was read; a change that changes nothing writes nothing. Versions outlive their head's deletion.
 */
export class VersionedResource<
  Head extends VersionedHead,
  Version extends DefinitionVersion,
  Definition extends { name: string },
  View,
  VersionView,
  Change extends string = never,
> {
  constructor(
    private readonly spec: VersionedResourceSpec<Head, Version, Definition, View, VersionView, Change>,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {}

  /** Saves a definition as a new resource at version 1; `fields` are the head's own columns. */
  create(
    request: AdminRequest,
    definition: Definition,
    fields: Omit<Head, keyof VersionedHead>,
  ): Promise<View> {
    const { tenantId, keyId } = principalOf(request);
    const now = new Date();
    const head = {
      id: uuidv7(),
      tenantId,
      name: definition.name,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...fields,
    } as Head;
    return this.auditTrail.change(request, async (manager) => {
      await this.spec.assertValid(request, definition, manager);
      await this.assertNameFree(manager, tenantId, head.name);
      await this.insertOrConflict(manager, head);
      await this.insertVersion(manager, head, definition, keyId, now);
      const view = this.spec.toView(head, definition);
      return this.changed(this.spec.actions.create, head, undefined, view, 'created');
    });
  }

  /** The tenant's resources with their current definitions, oldest first. */
  async list(request: AdminRequest, limit = PAGE_LIMIT_DEFAULT, cursor?: string): Promise<Page<View>> {
    const { tenantId } = principalOf(request);
    const alias = this.spec.noun;
    const builder = this.dataSource
      .getRepository(this.spec.head)
      .createQueryBuilder(alias)
      .where(`${alias}.tenantId = :tenantId`, { tenantId });
    const page = await paginateByCreated(builder, alias, limit, cursor, (head) => head);
    if (page.items.length === 0) return { items: [], nextCursor: page.nextCursor };
    const versions = await this.dataSource
      .getRepository(this.spec.version)
      .findBy(page.items.map((head) => this.versionWhere(head, this.spec.currentVersion(head))));
    const byHead = new Map<unknown, Version>(versions.map((row) => [row[this.spec.headKey], row]));
    return {
      items: page.items.map((head) => this.spec.toView(head, this.spec.parse(byHead.get(head.id)!))),
      nextCursor: page.nextCursor,
    };
  }

  async get(request: AdminRequest, id: string): Promise<View> {
    const head = await this.findHead(principalOf(request).tenantId, id);
    return this.spec.toView(head, await this.currentDefinition(head));
  }

  /** The versions of a resource, newest first, paged by version number. */
  async versions(
    request: AdminRequest,
    id: string,
    limit = PAGE_LIMIT_DEFAULT,
    cursor?: string,
  ): Promise<Page<VersionView>> {
    const head = await this.findHead(principalOf(request).tenantId, id);
    const builder = this.dataSource
      .getRepository(this.spec.version)
      .createQueryBuilder('version')
      .where(`version.${this.spec.headKey} = :id AND version.tenantId = :tenantId`, {
        id,
        tenantId: head.tenantId,
      });
    return paginateByVersion(builder, 'version', limit, cursor, (row) => this.spec.toVersionView(row));
  }

  /** One version; `version` is the raw path parameter, checked once the resource is known to exist. */
  async version(request: AdminRequest, id: string, version: string): Promise<VersionView> {
    const head = await this.findHead(principalOf(request).tenantId, id);
    return this.spec.toVersionView(await this.findVersion(head, versionNumber(version)));
  }

  /** A new version with `change` applied to the current definition, validated first. */
  update(
    request: AdminRequest,
    id: string,
    ifMatch: string | undefined,
    change: (current: Definition) => Definition,
  ): Promise<View> {
    const { keyId } = principalOf(request);
    return this.changeExisting(request, id, ifMatch, async (manager, head, current) => {
      const next = change(current);
      // Nothing changes, so no new version: a repeated PATCH is harmless.
      if (isDeepStrictEqual(next, current)) return { result: this.spec.toView(head, current), audit: null };
      await this.spec.assertValid(request, next, manager);
      const now = new Date();
      const moved = this.spec.withCurrentVersion(
        { ...head, name: next.name, version: head.version + 1, updatedAt: now },
        this.spec.currentVersion(head) + 1,
      );
      await this.moveHead(manager, head, moved);
      await this.insertVersion(manager, moved, next, keyId, now);
      const before = this.spec.toView(head, current);
      return this.changed(this.spec.actions.update, moved, before, this.spec.toView(moved, next), 'updated');
    });
  }

  /**
   * A change to the head alone (the definition and its version stay), audited as `action` and
   * announced as `change`. `apply` answers the changed head, or undefined when it is already so.
   */
  changeHead(
    request: AdminRequest,
    id: string,
    ifMatch: string | undefined,
    { action, change, apply }: { action: string; change: Change; apply: (head: Head) => Head | undefined },
  ): Promise<View> {
    return this.changeExisting(request, id, ifMatch, async (manager, head, current) => {
      const changed = apply(head);
      if (!changed) return { result: this.spec.toView(head, current), audit: null };
      const moved: Head = { ...changed, version: head.version + 1, updatedAt: new Date() };
      await this.moveHead(manager, head, moved);
      return this.changed(
        action,
        moved,
        this.spec.toView(head, current),
        this.spec.toView(moved, current),
        change,
      );
    });
  }

  /** Deletes the head; the versions stay, so runs that pinned one can still be explained. */
  async remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    await this.changeExisting(request, id, ifMatch, async (manager, head, current) => {
      const result = await manager.delete(
        this.spec.head,
        this.headWhere(head.tenantId, head.id, head.version),
      );
      if (result.affected === 0) throw this.changedSinceRead();
      return this.changed(
        this.spec.actions.delete,
        head,
        this.spec.toView(head, current),
        undefined,
        'deleted',
      );
    });
  }

  async findHead(tenantId: string, id: string, manager = this.dataSource.manager): Promise<Head> {
    const head = await manager.getRepository(this.spec.head).findOneBy(this.headWhere(tenantId, id));
    if (!head) throw SwitchboardError.notFound(`No ${this.spec.noun} ${id}`);
    return head;
  }

  async findVersion(head: Head, version: number, manager = this.dataSource.manager): Promise<Version> {
    const row = await manager.getRepository(this.spec.version).findOneBy(this.versionWhere(head, version));
    if (!row)
      throw SwitchboardError.notFound(`${capitalised(this.spec.noun)} ${head.id} has no version ${version}`);
    return row;
  }

  /** In one audited transaction: the caller's resource, its ETag checked, and its current definition. */
  private changeExisting<T>(
    request: AdminRequest,
    id: string,
    ifMatch: string | undefined,
    work: (manager: EntityManager, head: Head, current: Definition) => Promise<AuditedChange<T>>,
  ): Promise<T> {
    const { tenantId } = principalOf(request);
    return this.auditTrail.change(request, async (manager) => {
      const head = await this.findHead(tenantId, id, manager);
      assertIfMatch(ifMatch, head.version);
      return work(manager, head, await this.currentDefinition(head, manager));
    });
  }

  private async currentDefinition(head: Head, manager = this.dataSource.manager): Promise<Definition> {
    return this.spec.parse(await this.findVersion(head, this.spec.currentVersion(head), manager));
  }

  private async assertNameFree(manager: EntityManager, tenantId: string, name: string): Promise<void> {
    const where = { tenantId, name } as FindOptionsWhere<Head>;
    if (await manager.getRepository(this.spec.head).existsBy(where)) throw this.nameTaken(name);
  }

  private async insertOrConflict(manager: EntityManager, head: Head): Promise<void> {
    try {
      await manager.insert(this.spec.head, columns<Head>(head));
    } catch (error) {
      if (isUniqueViolation(error)) throw this.nameTaken(head.name);
      throw error;
    }
  }

  private async insertVersion(
    manager: EntityManager,
    head: Head,
    definition: Definition,
    createdBy: string,
    at: Date,
  ): Promise<void> {
    const row = this.spec.versionRow(head, definition, createdBy, at);
    await manager.insert(this.spec.version, columns<Version>(row));
  }

  /** Writes the head's next state, only if nobody else changed it since it was read. */
  private async moveHead(manager: EntityManager, current: Head, next: Head): Promise<void> {
    if (next.name !== current.name) await this.assertNameFree(manager, current.tenantId, next.name);
    // Everything but the identity and the creation time may move.
    const { id: _id, tenantId: _tenantId, createdAt: _createdAt, ...changes } = next;
    let affected: number | undefined;
    try {
      const result = await manager.update(
        this.spec.head,
        this.headWhere(current.tenantId, current.id, current.version),
        columns<Head>(changes as Partial<Head>),
      );
      affected = result.affected;
    } catch (error) {
      if (isUniqueViolation(error)) throw this.nameTaken(next.name);
      throw error;
    }
    if (affected === 0) throw this.changedSinceRead();
  }

  /** The audit entry and the events of a change, committed with it. */
  private changed<T extends View | undefined>(
    action: string,
    head: Head,
    before: View | undefined,
    after: T,
    change: VersionedChange | Change,
  ): AuditedChange<T> {
    return {
      result: after,
      audit: { action, targetType: this.spec.noun, targetId: head.id, before, after },
      events: this.spec.announce(head, change),
    };
  }

  private headWhere(tenantId: string, id: string, version?: number): FindOptionsWhere<Head> {
    return (version === undefined ? { id, tenantId } : { id, tenantId, version }) as FindOptionsWhere<Head>;
  }

  private versionWhere(head: Head, version: number): FindOptionsWhere<Version> {
    return { [this.spec.headKey]: head.id, tenantId: head.tenantId, version } as FindOptionsWhere<Version>;
  }

  private nameTaken(name: string): SwitchboardError {
    return SwitchboardError.conflict(`A ${this.spec.noun} named ${name} already exists`);
  }

  /** 412: the head moved between the If-Match check and the write (another change won the race). */
  private changedSinceRead(): ProblemDetailsException {
    return preconditionFailed(
      `The ${this.spec.noun} changed since you read it: GET it again and re-apply your change.`,
    );
  }
}

/** 422 with one `{ path, message }` per problem of a `noun`'s definition. */
export function invalidDefinition(noun: string, errors: FieldError[]): ProblemDetailsException {
  return unprocessableContent(
    errors.length === 1
      ? `the ${noun} has 1 problem: ${errors[0]!.path} ${errors[0]!.message}`
      : `the ${noun} has ${errors.length} problems: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  );
}

/** `GET …/versions/:version`: a positive integer, else a 400 naming the parameter. */
function versionNumber(text: string): number {
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw SwitchboardError.validation('Invalid version', [
      { path: 'version', message: 'must be a positive integer' },
    ]);
  return Number(text);
}

/** The values of a row to write. (TypeORM's partial-entity type does not resolve for a type parameter.) */
function columns<Entity>(values: Partial<Entity>): QueryDeepPartialEntity<Entity> {
  return values as QueryDeepPartialEntity<Entity>;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

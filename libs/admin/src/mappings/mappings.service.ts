import { Injectable } from '@nestjs/common';
import { SwitchboardError } from '@switchboard/errors';
import { mappingChangedEvent } from '@switchboard/events';
import { MappingCompiler, previewMapping, type CompiledMapping } from '@switchboard/mapping';
import type { MappingHead, MappingVersion } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail } from '../core/audit-trail.service';
import type { Page } from '../core/pagination';
import { invalidDefinition, VersionedResource } from '../core/versioned-resource';
import { applyChange, definitionOf, MAPPING_RECORDS, parse, type StoredDefinition } from './mapping-records';
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
  private readonly mappings: VersionedResource<
    MappingHead,
    MappingVersion,
    StoredDefinition,
    MappingView,
    MappingVersionView
  >;

  constructor(
    dataSource: DataSource,
    auditTrail: AuditTrail,
    private readonly compiler: MappingCompiler,
  ) {
    this.mappings = new VersionedResource(
      {
        ...MAPPING_RECORDS,
        assertValid: (_request, definition) => {
          const errors = this.compiler.validate(definition);
          if (errors.length > 0) throw invalidDefinition('mapping', errors);
        },
        announce: (head, change) => [
          mappingChangedEvent(head.tenantId, {
            mappingId: head.id,
            name: head.name,
            change,
            version: head.version,
          }),
        ],
      },
      dataSource,
      auditTrail,
    );
  }

  /** What saving this definition would answer, without saving it. */
  validate(dto: CreateMappingDto): MappingValidation {
    const errors = this.compiler.validate(definitionOf(dto));
    return { valid: errors.length === 0, errors };
  }

  create(request: AdminRequest, dto: CreateMappingDto): Promise<MappingView> {
    return this.mappings.create(request, definitionOf(dto), {});
  }

  list(request: AdminRequest, limit?: number, cursor?: string): Promise<Page<MappingView>> {
    return this.mappings.list(request, limit, cursor);
  }

  get(request: AdminRequest, id: string): Promise<MappingView> {
    return this.mappings.get(request, id);
  }

  /** The versions of a mapping, newest first, paged by version number. */
  versions(
    request: AdminRequest,
    id: string,
    limit?: number,
    cursor?: string,
  ): Promise<Page<MappingVersionView>> {
    return this.mappings.versions(request, id, limit, cursor);
  }

  /** One version; `version` is the raw path parameter, checked once the mapping is known to exist. */
  version(request: AdminRequest, id: string, version: string): Promise<MappingVersionView> {
    return this.mappings.version(request, id, version);
  }

  update(
    request: AdminRequest,
    id: string,
    dto: UpdateMappingDto,
    ifMatch: string | undefined,
  ): Promise<MappingView> {
    return this.mappings.update(request, id, ifMatch, (current) => applyChange(current, dto));
  }

  /** Deletes a mapping; its versions stay: runs that pinned one can still be explained. */
  remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    return this.mappings.remove(request, id, ifMatch);
  }

  /** Runs a version (the current one by default) on a sample; the compiled version is cached. */
  async preview(request: AdminRequest, id: string, dto: PreviewMappingDto): Promise<MappingPreview> {
    const head = await this.mappings.findHead(principalOf(request).tenantId, id);
    const row = await this.mappings.findVersion(head, dto.version ?? head.version);
    let compiled: CompiledMapping;
    try {
      compiled = this.compiler.compileVersion(head.id, row.version, parse(row));
    } catch (error) {
      // Saved valid, no longer valid: the event type or command it names has changed since.
      if (error instanceof SwitchboardError && error.fieldErrors)
        throw invalidDefinition('mapping', error.fieldErrors);
      throw error;
    }
    const { output, errors } = await previewMapping(compiled, dto.sample);
    return { mappingId: head.id, version: row.version, output, errors };
  }
}

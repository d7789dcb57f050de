// Between the API and the tables: definitions as stored, views as returned.
import type { FieldRule } from '@switchboard/mapping';
import { MappingHead, MappingVersion } from '@switchboard/persistence';
import type { VersionedRecords } from '../core/versioned-resource';
import type { CreateMappingDto, MappingVersionView, MappingView, UpdateMappingDto } from './mappings.dto';

/** A stored definition: what `mapping_versions.definition` holds. */
export interface StoredDefinition {
  name: string;
  description?: string;
  source: Record<string, unknown>;
  target: Record<string, unknown>;
  fields: Record<string, FieldRule>;
}

/** The definition a create (or validate) body describes, as plain JSON. */
export function definitionOf(dto: CreateMappingDto): StoredDefinition {
  return JSON.parse(
    JSON.stringify({
      name: dto.name,
      description: dto.description ?? undefined,
      source: dto.source,
      target: dto.target,
      fields: dto.fields,
    }),
  ) as StoredDefinition;
}

/** A PATCH: a field given replaces the current one, `description: null` removes it. */
export function applyChange(current: StoredDefinition, dto: UpdateMappingDto): StoredDefinition {
  const next: StoredDefinition = { ...current };
  if (dto.name !== undefined) next.name = dto.name;
  if (dto.description === null) delete next.description;
  else if (dto.description !== undefined) next.description = dto.description;
  if (dto.source !== undefined) next.source = { ...dto.source };
  if (dto.target !== undefined) next.target = { ...dto.target };
  if (dto.fields !== undefined) next.fields = dto.fields;
  return JSON.parse(JSON.stringify(next)) as StoredDefinition;
}

/** The definition a version row holds. */
export function parse(row: MappingVersion): StoredDefinition {
  return JSON.parse(row.definition) as StoredDefinition;
}

function versionRow(
  head: MappingHead,
  definition: StoredDefinition,
  createdBy: string,
  at: Date,
): MappingVersion {
  return {
    mappingId: head.id,
    version: head.version,
    tenantId: head.tenantId,
    name: definition.name,
    definition: JSON.stringify(definition),
    createdAt: at,
    createdBy,
  };
}

function toView(head: MappingHead, definition: StoredDefinition): MappingView {
  return {
    id: head.id,
    name: definition.name,
    description: definition.description ?? null,
    source: definition.source,
    target: definition.target,
    fields: definition.fields,
    version: head.version,
    createdAt: head.createdAt.toISOString(),
    updatedAt: head.updatedAt.toISOString(),
  };
}

function toVersionView(row: MappingVersion): MappingVersionView {
  const definition = parse(row);
  return {
    mappingId: row.mappingId,
    version: row.version,
    name: definition.name,
    description: definition.description ?? null,
    source: definition.source,
    target: definition.target,
    fields: definition.fields,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** Mappings as a versioned resource: the head's one counter is both its current version and its ETag. */
export const MAPPING_RECORDS: VersionedRecords<
  MappingHead,
  MappingVersion,
  StoredDefinition,
  MappingView,
  MappingVersionView
> = {
  noun: 'mapping',
  actions: { create: 'mapping.create', update: 'mapping.update', delete: 'mapping.delete' },
  head: MappingHead,
  version: MappingVersion,
  headKey: 'mappingId',
  currentVersion: (head) => head.version,
  withCurrentVersion: (head, version) => ({ ...head, version }),
  versionRow,
  parse,
  toView,
  toVersionView,
};

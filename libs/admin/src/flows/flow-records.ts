// Between the API and the tables: definitions as stored, views as returned.
import { FlowHead, FlowVersion } from '@switchboard/persistence';
import type { VersionedRecords } from '../core/versioned-resource';
import type { CreateFlowDto, FlowVersionView, FlowView, UpdateFlowDto } from './flows.dto';

/** A stored definition: what `flow_versions.definition` holds (validated by validateFlow on save). */
export interface StoredFlow {
  name: string;
  description?: string;
  trigger: Record<string, unknown>;
  policy: Record<string, unknown>;
  steps: unknown[];
  config?: Record<string, unknown>;
  [member: string]: unknown;
}

/** A copy with nothing but JSON in it (no class instances, no undefined members). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The definition a create (or validate) body describes. */
export function definitionOf(dto: CreateFlowDto): StoredFlow {
  return plain({
    name: dto.name,
    description: dto.description ?? undefined,
    trigger: dto.trigger,
    policy: dto.policy,
    steps: dto.steps,
    config: dto.config ?? undefined,
  });
}

/** A PATCH: a field given replaces the current one; `description: null` and `config: null` remove them. */
export function applyChange(current: StoredFlow, dto: UpdateFlowDto): StoredFlow {
  const next: StoredFlow = { ...current };
  if (dto.name !== undefined) next.name = dto.name;
  if (dto.description === null) delete next.description;
  else if (dto.description !== undefined) next.description = dto.description;
  if (dto.trigger !== undefined) next.trigger = dto.trigger;
  if (dto.policy !== undefined) next.policy = dto.policy;
  if (dto.steps !== undefined) next.steps = dto.steps;
  if (dto.config === null) delete next.config;
  else if (dto.config !== undefined) next.config = dto.config;
  return plain(next);
}

function parse(row: FlowVersion): StoredFlow {
  return JSON.parse(row.definition) as StoredFlow;
}

function versionRow(head: FlowHead, definition: StoredFlow, createdBy: string, at: Date): FlowVersion {
  return {
    flowId: head.id,
    version: head.currentVersion,
    tenantId: head.tenantId,
    definition: JSON.stringify(definition),
    createdAt: at,
    createdBy,
  };
}

function toView(head: FlowHead, definition: StoredFlow): FlowView {
  return {
    id: head.id,
    name: head.name,
    enabled: head.enabled,
    version: head.currentVersion,
    revision: head.version,
    definition,
    createdAt: head.createdAt.toISOString(),
    updatedAt: head.updatedAt.toISOString(),
  };
}

function toVersionView(row: FlowVersion): FlowVersionView {
  return {
    flowId: row.flowId,
    version: row.version,
    definition: parse(row),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/**
 * Flows as a versioned resource. The head has two counters: `currentVersion` (the version new runs
 * pin) and `version` (its ETag, bumped by enable and disable too).
 */
export const FLOW_RECORDS: VersionedRecords<FlowHead, FlowVersion, StoredFlow, FlowView, FlowVersionView> = {
  noun: 'flow',
  actions: { create: 'flow.create', update: 'flow.update', delete: 'flow.delete' },
  head: FlowHead,
  version: FlowVersion,
  headKey: 'flowId',
  currentVersion: (head) => head.currentVersion,
  withCurrentVersion: (head, currentVersion) => ({ ...head, currentVersion }),
  versionRow,
  parse,
  toView,
  toVersionView,
};

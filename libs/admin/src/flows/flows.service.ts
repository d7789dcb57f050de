import { Injectable } from '@nestjs/common';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import type { FieldError } from '@switchboard/errors';
import { flowChangedEvent } from '@switchboard/events';
import { validateFlow } from '@switchboard/orchestration';
import type { FlowHead, FlowVersion } from '@switchboard/persistence';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { AuditTrail } from '../core/audit-trail.service';
import type { Page } from '../core/pagination';
import { invalidDefinition, VersionedResource } from '../core/versioned-resource';
import { instanceResolver } from './flow-instances';
import { applyChange, definitionOf, FLOW_RECORDS, type StoredFlow } from './flow-records';
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
  private readonly flows: VersionedResource<
    FlowHead,
    FlowVersion,
    StoredFlow,
    FlowView,
    FlowVersionView,
    'enabled' | 'disabled'
  >;

  constructor(
    private readonly dataSource: DataSource,
    auditTrail: AuditTrail,
    private readonly types: ConnectorTypeRegistry,
  ) {
    this.flows = new VersionedResource(
      {
        ...FLOW_RECORDS,
        assertValid: async (request, definition, manager) => {
          const errors = await this.problems(request, definition, manager);
          if (errors.length > 0) throw invalidDefinition('flow', errors);
        },
        announce: (head, change) => [
          flowChangedEvent(head.tenantId, { flowId: head.id, change, version: head.currentVersion }),
        ],
      },
      dataSource,
      auditTrail,
    );
  }

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
  createDefinition(request: AdminRequest, definition: StoredFlow, enabled: boolean): Promise<FlowView> {
    return this.flows.create(request, definition, { enabled, currentVersion: 1 });
  }

  list(request: AdminRequest, limit?: number, cursor?: string): Promise<Page<FlowView>> {
    return this.flows.list(request, limit, cursor);
  }

  get(request: AdminRequest, id: string): Promise<FlowView> {
    return this.flows.get(request, id);
  }

  /** The versions of a flow, newest first, paged by version number. */
  versions(
    request: AdminRequest,
    id: string,
    limit?: number,
    cursor?: string,
  ): Promise<Page<FlowVersionView>> {
    return this.flows.versions(request, id, limit, cursor);
  }

  /** One version; `version` is the raw path parameter, checked once the flow is known to exist. */
  version(request: AdminRequest, id: string, version: string): Promise<FlowVersionView> {
    return this.flows.version(request, id, version);
  }

  update(
    request: AdminRequest,
    id: string,
    dto: UpdateFlowDto,
    ifMatch: string | undefined,
  ): Promise<FlowView> {
    return this.flows.update(request, id, ifMatch, (current) => applyChange(current, dto));
  }

  /** Enables or disables a flow: the head moves, the definition stays. Already so: nothing changes. */
  setEnabled(
    request: AdminRequest,
    id: string,
    enabled: boolean,
    ifMatch: string | undefined,
  ): Promise<FlowView> {
    return this.flows.changeHead(request, id, ifMatch, {
      action: enabled ? 'flow.enable' : 'flow.disable',
      change: enabled ? 'enabled' : 'disabled',
      apply: (head) => (head.enabled === enabled ? undefined : { ...head, enabled }),
    });
  }

  /** Deletes a flow; its versions stay: runs that pinned one go on, and can still be explained. */
  remove(request: AdminRequest, id: string, ifMatch: string | undefined): Promise<void> {
    return this.flows.remove(request, id, ifMatch);
  }
}

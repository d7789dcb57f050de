import { Injectable } from '@nestjs/common';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import type { FieldError } from '@switchboard/errors';
import {
  ALERT_TO_TICKET_ACTIONS,
  alertToTicketFlow,
  validateFlow,
  type FlowValidationContext,
} from '@switchboard/orchestration';
import { DataSource } from 'typeorm';
import { principalOf, type AdminRequest } from '../core/admin-request';
import { invalidDefinition } from '../core/versioned-resource';
import type { AlertToTicketConfigDto } from './alert-to-ticket.dto';
import { instanceResolver } from './flow-instances';
import type { StoredFlow } from './flow-records';
import type { FlowValidation, FlowView } from './flows.dto';
import { FlowsService } from './flows.service';

/** What a dry run answers: the flow the template builds and whether it would save. */
export interface FlowTemplatePreview extends FlowValidation {
  definition: StoredFlow;
}

/**
 * Built-in flows: a template turns a small config into an ordinary flow definition, which is then
 * validated and saved like any other (and can be edited afterwards). Problems with the instances
 * the config names are reported against the config's own fields, before the flow's.
 */
@Injectable()
export class FlowTemplatesService {
  constructor(
    private readonly flows: FlowsService,
    private readonly dataSource: DataSource,
    private readonly types: ConnectorTypeRegistry,
  ) {}

  async alertToTicket(
    request: AdminRequest,
    dto: AlertToTicketConfigDto,
    dryRun: boolean,
  ): Promise<{ saved: FlowView } | { preview: FlowTemplatePreview }> {
    const definition = JSON.parse(JSON.stringify(alertToTicketFlow(dto))) as StoredFlow;
    const owner = dto.ownerLookup?.instance;
    const resolver = await instanceResolver(
      this.dataSource.manager,
      this.types,
      principalOf(request).tenantId,
      definition,
      dto.ticketInstance,
      ...(owner ? [owner] : []),
    );
    const configErrors = [
      ...instanceProblems(resolver, 'ticketInstance', dto.ticketInstance, ALERT_TO_TICKET_ACTIONS),
      ...(owner ? instanceProblems(resolver, 'ownerLookup.instance', owner, ['user.lookup']) : []),
    ];
    // Problems of the config explain the flow's (a missing instance fails every step that names it).
    const errors = configErrors.length > 0 ? configErrors : validateFlow(definition, resolver);
    if (dryRun) return { preview: { definition, valid: errors.length === 0, errors } };
    if (errors.length > 0) throw invalidDefinition('flow', errors);
    return { saved: await this.flows.createDefinition(request, definition, dto.enabled ?? true) };
  }
}

function instanceProblems(
  resolver: FlowValidationContext,
  path: string,
  ref: string,
  actions: readonly string[],
): FieldError[] {
  const instance = resolver.instance(ref);
  if (!instance) return [{ path, message: `no connector instance ${ref} in this tenant` }];
  if (!instance.manifest)
    return [
      {
        path,
        message: `${ref} is a ${instance.connectorType} instance, a type this hub does not have installed`,
      },
    ];
  const missing = actions.filter((action) => !instance.manifest!.commands?.[action]);
  if (missing.length === 0) return [];
  return [
    {
      path,
      message: `${ref} is a ${instance.connectorType} instance, which does not accept ${missing.join(', ')}`,
    },
  ];
}

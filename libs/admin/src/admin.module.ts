import { Module } from '@nestjs/common';
import { OPENAPI_DOCS, type OpenApiDocsOptions } from '@switchboard/platform';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { AuditApiModule } from './audit/audit.module';
import { AdminCoreModule } from './core/admin-core.module';
import { FlowsModule } from './flows/flows.module';
import { IncidentsModule } from './incidents/incidents.module';
import { InstancesModule } from './instances/instances.module';
import { KpisModule } from './kpis/kpis.module';
import { MappingsModule } from './mappings/mappings.module';
import { RunsModule } from './runs/runs.module';

export const ADMIN_API_DOCS: OpenApiDocsOptions = {
  title: 'Switchboard admin API',
  description:
    'Configure and operate a Switchboard hub. Every `/api/v1` route needs an API key ' +
    '(`Authorization: Bearer sbk_…`); errors are RFC 9457 problem details.',
  version: '1',
  securedPathPrefix: '/api/v1/',
};

/** The REST admin API (`/api/v1`) and its OpenAPI docs (`/docs`). Import next to `PlatformModule`. */
@Module({
  imports: [
    AdminCoreModule,
    ApiKeysModule,
    InstancesModule,
    AuditApiModule,
    MappingsModule,
    FlowsModule,
    RunsModule,
    IncidentsModule,
    ApprovalsModule,
    KpisModule,
  ],
  providers: [{ provide: OPENAPI_DOCS, useValue: ADMIN_API_DOCS }],
  exports: [AdminCoreModule],
})
export class AdminModule {}

import { Module } from '@nestjs/common';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import { OutboxModule } from '@switchboard/outbox';
import { DataSource } from 'typeorm';
import { FlowStore } from './engine/flow-store';
import { OrchestratorLoop } from './engine/orchestrator-loop';
import { RunEngine } from './engine/run-engine';

/**
 * The orchestrator: the run engine fed by the bus (triggers, command results), with its ticker.
 * Needs the platform (database, bus) and the connector catalogue (`ConnectorCatalogueModule`):
 * the hub and the orchestrator app import it.
 */
@Module({
  imports: [OutboxModule],
  providers: [
    {
      provide: FlowStore,
      inject: [DataSource, ConnectorTypeRegistry],
      useFactory: (dataSource: DataSource, types: ConnectorTypeRegistry) => new FlowStore(dataSource, types),
    },
    RunEngine,
    OrchestratorLoop,
  ],
  exports: [RunEngine, FlowStore],
})
export class OrchestrationModule {}

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ConnectorTypeRegistry } from '@switchboard/connector-registry';
import { OutboxRelay } from '@switchboard/outbox';
import { FlowStore, RunEngine } from '@switchboard/orchestration';
import { DataSource } from 'typeorm';

/**
 * The run engine approvals are decided through: one code path, `RunEngine.decide`, in every app.
 *
 * In an app that runs the orchestrator (the hub), it is that orchestrator's engine, so its
 * in-process run locks and flow cache are shared. The admin-api app runs without the orchestrator
 * (no bus consumers, no ticker), so it gets an engine of its own: `RunEngine` needs only the
 * database, the outbox and the flow store, never the bus loop. Deciding there records the
 * decision and moves the run on (the next steps' commands go out through the outbox, their results
 * come back to the orchestrator's consumers), exactly as in the hub.
 */
@Injectable()
export class ApprovalDecider implements OnModuleInit {
  #engine?: RunEngine;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly types: ConnectorTypeRegistry,
  ) {}

  onModuleInit(): void {
    this.#engine =
      this.orchestratorEngine() ??
      new RunEngine(this.dataSource, this.outbox, new FlowStore(this.dataSource, this.types));
  }

  get engine(): RunEngine {
    if (!this.#engine) throw new Error('ApprovalDecider used before the module was initialised');
    return this.#engine;
  }

  /** The engine of the orchestrator module, when this app runs one. */
  private orchestratorEngine(): RunEngine | undefined {
    try {
      return this.moduleRef.get(RunEngine, { strict: false });
    } catch {
      return undefined;
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orchestrator (`@switchboard/orchestration`): flows and their versions, runs and steps, incidents and their timeline, approvals. */
export class Orchestration1796000000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Orchestration1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "flows" ("id" character varying(36) NOT NULL, "tenant_id" character varying(128) NOT NULL, "name" character varying(100) NOT NULL, "enabled" boolean NOT NULL, "current_version" integer NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_flows" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_flows_tenant_created" ON "flows"  ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_flows_tenant_name" ON "flows"  ("tenant_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "flow_versions" ("flow_id" character varying(36) NOT NULL, "version" integer NOT NULL, "tenant_id" character varying(128) NOT NULL, "definition" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" character varying(64) NOT NULL, CONSTRAINT "pk_flow_versions" PRIMARY KEY ("flow_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runs" ("id" character varying(36) NOT NULL, "tenant_id" character varying(128) NOT NULL, "flow_id" character varying(36) NOT NULL, "flow_version" integer NOT NULL, "trigger_event_id" character varying(36) NOT NULL, "trigger_type" character varying(255) NOT NULL, "serial_key" character varying(255), "incident_id" character varying(36), "status" character varying(16) NOT NULL, "context" text NOT NULL, "error" text, "next_wake_at" TIMESTAMP WITH TIME ZONE, "human_steps" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_runs_trigger" ON "runs"  ("flow_id", "trigger_event_id") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_runs_serial" ON "runs"  ("serial_key", "status") `);
    await queryRunner.query(`CREATE INDEX "idx_runs_status_wake" ON "runs"  ("status", "next_wake_at") `);
    await queryRunner.query(
      `CREATE INDEX "idx_runs_tenant_created" ON "runs"  ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "run_steps" ("run_id" character varying(36) NOT NULL, "step_id" character varying(64) NOT NULL, "seq" integer NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(24) NOT NULL, "attempt" integer NOT NULL, "idempotency_key" character varying(160), "instance_id" character varying(36), "action" character varying(100), "input" text, "output" text, "error" text, "explanation" text, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_run_steps" PRIMARY KEY ("run_id", "step_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_run_steps_idempotency" ON "run_steps"  ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incidents" ("id" character varying(36) NOT NULL, "tenant_id" character varying(128) NOT NULL, "dedup_key" character varying(255) NOT NULL, "episode_id" character varying(255) NOT NULL, "status" character varying(16) NOT NULL, "severity" character varying(16) NOT NULL, "title" text NOT NULL, "occurrences" integer NOT NULL, "ticket" text, "human_steps" integer NOT NULL, "actions" integer NOT NULL, "escalated" boolean NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_incidents" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_incidents_dedup" ON "incidents"  ("tenant_id", "dedup_key", "opened_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_incidents_tenant_opened" ON "incidents"  ("tenant_id", "opened_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incidents_episode" ON "incidents"  ("tenant_id", "dedup_key", "episode_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_timeline" ("incident_id" character varying(36) NOT NULL, "seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" character varying(64) NOT NULL, "detail" text NOT NULL, CONSTRAINT "pk_incident_timeline" PRIMARY KEY ("incident_id", "seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "approvals" ("id" character varying(36) NOT NULL, "tenant_id" character varying(128) NOT NULL, "run_id" character varying(36) NOT NULL, "step_id" character varying(64) NOT NULL, "summary" text NOT NULL, "request" text NOT NULL, "requested_by" character varying(128) NOT NULL, "status" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "on_expiry" character varying(16) NOT NULL, "decided_by" character varying(128), "decided_at" TIMESTAMP WITH TIME ZONE, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "version" integer NOT NULL, CONSTRAINT "pk_approvals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_approvals_status_expires" ON "approvals"  ("status", "expires_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_approvals_tenant_created" ON "approvals"  ("tenant_id", "created_at", "id") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_approvals_tenant_created"`);
    await queryRunner.query(`DROP INDEX "idx_approvals_status_expires"`);
    await queryRunner.query(`DROP TABLE "approvals"`);
    await queryRunner.query(`DROP TABLE "incident_timeline"`);
    await queryRunner.query(`DROP INDEX "uq_incidents_episode"`);
    await queryRunner.query(`DROP INDEX "idx_incidents_tenant_opened"`);
    await queryRunner.query(`DROP INDEX "idx_incidents_dedup"`);
    await queryRunner.query(`DROP TABLE "incidents"`);
    await queryRunner.query(`DROP INDEX "uq_run_steps_idempotency"`);
    await queryRunner.query(`DROP TABLE "run_steps"`);
    await queryRunner.query(`DROP INDEX "idx_runs_tenant_created"`);
    await queryRunner.query(`DROP INDEX "idx_runs_status_wake"`);
    await queryRunner.query(`DROP INDEX "idx_runs_serial"`);
    await queryRunner.query(`DROP INDEX "uq_runs_trigger"`);
    await queryRunner.query(`DROP TABLE "runs"`);
    await queryRunner.query(`DROP TABLE "flow_versions"`);
    await queryRunner.query(`DROP INDEX "uq_flows_tenant_name"`);
    await queryRunner.query(`DROP INDEX "idx_flows_tenant_created"`);
    await queryRunner.query(`DROP TABLE "flows"`);
  }
}

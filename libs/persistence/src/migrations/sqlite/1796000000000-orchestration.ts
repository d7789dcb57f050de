import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orchestrator (`@switchboard/orchestration`): flows and their versions, runs and steps, incidents and their timeline, approvals. */
export class Orchestration1796000000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Orchestration1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "flows" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenant_id" varchar(128) NOT NULL, "name" varchar(100) NOT NULL, "enabled" boolean NOT NULL, "current_version" integer NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_flows_tenant_created" ON "flows" ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_flows_tenant_name" ON "flows" ("tenant_id", "name") `);
    await queryRunner.query(
      `CREATE TABLE "flow_versions" ("flow_id" varchar(36) NOT NULL, "version" integer NOT NULL, "tenant_id" varchar(128) NOT NULL, "definition" text NOT NULL, "created_at" datetime NOT NULL, "created_by" varchar(64) NOT NULL, PRIMARY KEY ("flow_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "runs" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenant_id" varchar(128) NOT NULL, "flow_id" varchar(36) NOT NULL, "flow_version" integer NOT NULL, "trigger_event_id" varchar(36) NOT NULL, "trigger_type" varchar(255) NOT NULL, "serial_key" varchar(255), "incident_id" varchar(36), "status" varchar(16) NOT NULL, "context" text NOT NULL, "error" text, "next_wake_at" datetime, "human_steps" integer NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "finished_at" datetime)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_runs_trigger" ON "runs" ("flow_id", "trigger_event_id") `,
    );
    await queryRunner.query(`CREATE INDEX "idx_runs_serial" ON "runs" ("serial_key", "status") `);
    await queryRunner.query(`CREATE INDEX "idx_runs_status_wake" ON "runs" ("status", "next_wake_at") `);
    await queryRunner.query(
      `CREATE INDEX "idx_runs_tenant_created" ON "runs" ("tenant_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "run_steps" ("run_id" varchar(36) NOT NULL, "step_id" varchar(64) NOT NULL, "seq" integer NOT NULL, "kind" varchar(16) NOT NULL, "status" varchar(24) NOT NULL, "attempt" integer NOT NULL, "idempotency_key" varchar(160), "instance_id" varchar(36), "action" varchar(100), "input" text, "output" text, "error" text, "explanation" text, "started_at" datetime, "finished_at" datetime, PRIMARY KEY ("run_id", "step_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_run_steps_idempotency" ON "run_steps" ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incidents" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenant_id" varchar(128) NOT NULL, "dedup_key" varchar(255) NOT NULL, "episode_id" varchar(255) NOT NULL, "status" varchar(16) NOT NULL, "severity" varchar(16) NOT NULL, "title" text NOT NULL, "occurrences" integer NOT NULL, "ticket" text, "human_steps" integer NOT NULL, "actions" integer NOT NULL, "escalated" boolean NOT NULL, "opened_at" datetime NOT NULL, "resolved_at" datetime, "updated_at" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_incidents_dedup" ON "incidents" ("tenant_id", "dedup_key", "opened_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_incidents_tenant_opened" ON "incidents" ("tenant_id", "opened_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_incidents_episode" ON "incidents" ("tenant_id", "dedup_key", "episode_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_timeline" ("incident_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" datetime NOT NULL, "kind" varchar(64) NOT NULL, "detail" text NOT NULL, PRIMARY KEY ("incident_id", "seq"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "approvals" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenant_id" varchar(128) NOT NULL, "run_id" varchar(36) NOT NULL, "step_id" varchar(64) NOT NULL, "summary" text NOT NULL, "request" text NOT NULL, "requested_by" varchar(128) NOT NULL, "status" varchar(16) NOT NULL, "expires_at" datetime NOT NULL, "on_expiry" varchar(16) NOT NULL, "decided_by" varchar(128), "decided_at" datetime, "reason" text, "created_at" datetime NOT NULL, "version" integer NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_approvals_status_expires" ON "approvals" ("status", "expires_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_approvals_tenant_created" ON "approvals" ("tenant_id", "created_at", "id") `,
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

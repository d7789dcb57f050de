import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector runtime (`@switchboard/runtime`): instance state, poll cursors, command ledger, instance health. */
export class ConnectorRuntime1795900000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'ConnectorRuntime1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connector_state" (
        "instance_id" varchar(36) NOT NULL,
        "key" varchar(255) NOT NULL,
        "value" text NOT NULL,
        "version" integer NOT NULL,
        "updated_at" datetime NOT NULL,
        CONSTRAINT "pk_connector_state" PRIMARY KEY ("instance_id", "key")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "poll_cursors" (
        "instance_id" varchar(36) PRIMARY KEY NOT NULL,
        "cursor" text NOT NULL,
        "updated_at" datetime NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "command_ledger" (
        "instance_id" varchar(36) NOT NULL,
        "idempotency_key" varchar(255) NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "action" varchar(100) NOT NULL,
        "command_id" varchar(36) NOT NULL,
        "status" varchar(16) NOT NULL,
        "output" text,
        "error" text,
        "attempts" integer NOT NULL,
        "created_at" datetime NOT NULL,
        "updated_at" datetime NOT NULL,
        CONSTRAINT "pk_command_ledger" PRIMARY KEY ("instance_id", "idempotency_key")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "instance_health" (
        "instance_id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "status" varchar(32) NOT NULL,
        "last_success_at" datetime,
        "last_error_at" datetime,
        "last_error" text,
        "rate_limited_until" datetime,
        "circuit" varchar(16) NOT NULL,
        "last_check" text,
        "reported_by" varchar(255) NOT NULL,
        "updated_at" datetime NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "instance_health"`);
    await queryRunner.query(`DROP TABLE "command_ledger"`);
    await queryRunner.query(`DROP TABLE "poll_cursors"`);
    await queryRunner.query(`DROP TABLE "connector_state"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector runtime (`@switchboard/runtime`): instance state, poll cursors, command ledger, instance health. */
export class ConnectorRuntime1795900000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'ConnectorRuntime1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connector_state" (
        "instance_id" character varying(36) NOT NULL,
        "key" character varying(255) NOT NULL,
        "value" text NOT NULL,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_connector_state" PRIMARY KEY ("instance_id", "key")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "poll_cursors" (
        "instance_id" character varying(36) NOT NULL,
        "cursor" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_poll_cursors" PRIMARY KEY ("instance_id")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "command_ledger" (
        "instance_id" character varying(36) NOT NULL,
        "idempotency_key" character varying(255) NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "action" character varying(100) NOT NULL,
        "command_id" character varying(36) NOT NULL,
        "status" character varying(16) NOT NULL,
        "output" text,
        "error" text,
        "attempts" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_command_ledger" PRIMARY KEY ("instance_id", "idempotency_key")
      )`,
    );
    await queryRunner.query(
      `CREATE TABLE "instance_health" (
        "instance_id" character varying(36) NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "status" character varying(32) NOT NULL,
        "last_success_at" TIMESTAMP WITH TIME ZONE,
        "last_error_at" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "rate_limited_until" TIMESTAMP WITH TIME ZONE,
        "circuit" character varying(16) NOT NULL,
        "last_check" text,
        "reported_by" character varying(255) NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_instance_health" PRIMARY KEY ("instance_id")
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

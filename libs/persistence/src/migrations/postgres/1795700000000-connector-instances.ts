import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector instances (`@switchboard/admin`): config as JSON, secrets sealed. */
export class ConnectorInstances1795700000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'ConnectorInstances1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connector_instances" (
        "id" character varying(36) NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "connector_type" character varying(64) NOT NULL,
        "type_version_pin" character varying(64) NOT NULL,
        "name" character varying(100) NOT NULL,
        "config" text NOT NULL,
        "secrets_sealed" text NOT NULL,
        "enabled" boolean NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "version" integer NOT NULL,
        CONSTRAINT "pk_connector_instances" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_connector_instances_tenant_name" ON "connector_instances" ("tenant_id", "name")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_connector_instances_tenant_created" ON "connector_instances" ("tenant_id", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_connector_instances_tenant_created"`);
    await queryRunner.query(`DROP INDEX "uq_connector_instances_tenant_name"`);
    await queryRunner.query(`DROP TABLE "connector_instances"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector instances (`@switchboard/admin`): config as JSON, secrets sealed. */
export class ConnectorInstances1795700000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'ConnectorInstances1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connector_instances" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "connector_type" varchar(64) NOT NULL,
        "type_version_pin" varchar(64) NOT NULL,
        "name" varchar(100) NOT NULL,
        "config" text NOT NULL,
        "secrets_sealed" text NOT NULL,
        "enabled" boolean NOT NULL,
        "created_at" datetime NOT NULL,
        "updated_at" datetime NOT NULL,
        "version" integer NOT NULL
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

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mappings (`@switchboard/admin`): a head row per mapping, one immutable row per version. */
export class Mappings1795960000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Mappings1795960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mappings" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "name" varchar(100) NOT NULL,
        "current_version" integer NOT NULL,
        "created_at" datetime NOT NULL,
        "updated_at" datetime NOT NULL
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_mappings_tenant_name" ON "mappings" ("tenant_id", "name")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_mappings_tenant_created" ON "mappings" ("tenant_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "mapping_versions" (
        "mapping_id" varchar(36) NOT NULL,
        "version" integer NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "name" varchar(100) NOT NULL,
        "definition" text NOT NULL,
        "created_at" datetime NOT NULL,
        "created_by" varchar(64) NOT NULL,
        CONSTRAINT "pk_mapping_versions" PRIMARY KEY ("mapping_id", "version")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mapping_versions"`);
    await queryRunner.query(`DROP INDEX "idx_mappings_tenant_created"`);
    await queryRunner.query(`DROP INDEX "uq_mappings_tenant_name"`);
    await queryRunner.query(`DROP TABLE "mappings"`);
  }
}

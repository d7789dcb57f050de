import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mappings (`@switchboard/admin`): a head row per mapping, one immutable row per version. */
export class Mappings1795960000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Mappings1795960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mappings" (
        "id" character varying(36) NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "name" character varying(100) NOT NULL,
        "current_version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_mappings" PRIMARY KEY ("id")
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
        "mapping_id" character varying(36) NOT NULL,
        "version" integer NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "name" character varying(100) NOT NULL,
        "definition" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_by" character varying(64) NOT NULL,
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

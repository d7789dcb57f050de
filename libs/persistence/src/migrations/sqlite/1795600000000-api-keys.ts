import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Admin API keys (`@switchboard/admin`), stored hashed. */
export class ApiKeys1795600000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'ApiKeys1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "name" varchar(100) NOT NULL,
        "prefix" varchar(16) NOT NULL,
        "hash" varchar(64) NOT NULL,
        "role" varchar(16) NOT NULL,
        "created_at" datetime NOT NULL,
        "created_by" varchar(64) NOT NULL,
        "expires_at" datetime,
        "revoked_at" datetime,
        "last_used_at" datetime,
        "version" integer NOT NULL
      )`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_prefix" ON "api_keys" ("prefix")`);
    await queryRunner.query(
      `CREATE INDEX "idx_api_keys_tenant_created" ON "api_keys" ("tenant_id", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_api_keys_tenant_created"`);
    await queryRunner.query(`DROP INDEX "uq_api_keys_prefix"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}

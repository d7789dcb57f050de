import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hash-chained audit trail (`@switchboard/audit`). */
export class AuditEntries1795500000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'AuditEntries1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entries" (
        "id" varchar(36) PRIMARY KEY NOT NULL,
        "tenant_id" varchar(128) NOT NULL,
        "seq" integer NOT NULL,
        "occurred_at" datetime NOT NULL,
        "actor_type" varchar(16) NOT NULL,
        "actor_id" varchar(255) NOT NULL,
        "action" varchar(100) NOT NULL,
        "target_type" varchar(64) NOT NULL,
        "target_id" varchar(255) NOT NULL,
        "before" text,
        "after" text,
        "request_id" varchar(128),
        "prev_hash" varchar(64) NOT NULL,
        "hash" varchar(64) NOT NULL,
        "signature" varchar(64) NOT NULL
      )`,
    );
    // Also what makes a forked chain impossible: two writers can never both commit seq n.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_audit_entries_tenant_seq" ON "audit_entries" ("tenant_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_entries_tenant_target" ON "audit_entries" ("tenant_id", "target_type", "target_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_audit_entries_tenant_target"`);
    await queryRunner.query(`DROP INDEX "uq_audit_entries_tenant_seq"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
  }
}

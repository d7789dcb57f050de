import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Processed-event ledger for idempotent consumers, and the hub's key/value facts. */
export class Foundation1795326894980 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Foundation1795326894980';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Timestamps are `datetime` text in UTC ("YYYY-MM-DD HH:MM:SS.SSS"), as TypeORM writes them,
    // so they sort and compare as strings.
    await queryRunner.query(
      `CREATE TABLE "processed_events" (
        "consumer" varchar(128) NOT NULL,
        "event_id" varchar(255) NOT NULL,
        "processed_at" datetime NOT NULL,
        PRIMARY KEY ("consumer", "event_id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_processed_events_processed_at" ON "processed_events" ("processed_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "hub_meta" (
        "key" varchar(100) PRIMARY KEY NOT NULL,
        "value" text NOT NULL,
        "updated_at" datetime NOT NULL
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hub_meta"`);
    await queryRunner.query(`DROP INDEX "idx_processed_events_processed_at"`);
    await queryRunner.query(`DROP TABLE "processed_events"`);
  }
}

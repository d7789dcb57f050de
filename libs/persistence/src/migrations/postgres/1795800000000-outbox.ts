import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Transactional outbox (`@switchboard/outbox`): events committed with the change they announce. */
export class Outbox1795800000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'Outbox1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" (
        "id" character varying(36) NOT NULL,
        "tenant_id" character varying(128) NOT NULL,
        "subject" character varying(255),
        "event" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "attempts" integer NOT NULL,
        "last_error" text,
        CONSTRAINT "pk_outbox_messages" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_outbox_messages_due" ON "outbox_messages" ("next_attempt_at", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_outbox_messages_due"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connector instances: the admin's per-instance override of the manifest's rate limits (JSON). */
export class InstanceLimits1796100000000 implements MigrationInterface {
  // Explicit: bundling may rename the class, and TypeORM records migrations by name.
  name = 'InstanceLimits1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connector_instances" ADD COLUMN "limits" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connector_instances" DROP COLUMN "limits"`);
  }
}

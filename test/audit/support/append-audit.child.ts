/**
 * Child process for the cross-process append test: appends SB_TEST_COUNT entries to the audit
 * chain of the database in SB_TEST_OPTIONS, under the master key in SB_TEST_MASTER_KEY (hex).
 *
 * node -r @swc-node/register append-audit.child.ts <actor id>
 */
import { Logger } from '@nestjs/common';
import { AuditLog } from '@switchboard/audit';
import { type PersistenceOptions, openDataSource } from '@switchboard/persistence';

async function main(actorId: string): Promise<void> {
  Logger.overrideLogger(['error']);
  const options = JSON.parse(process.env.SB_TEST_OPTIONS ?? '{}') as PersistenceOptions;
  const dataSource = await openDataSource(options);
  try {
    const log = new AuditLog(dataSource, {
      masterKey: Buffer.from(process.env.SB_TEST_MASTER_KEY ?? '', 'hex'),
    });
    const count = Number(process.env.SB_TEST_COUNT ?? '0');
    // Concurrent within the process too, as request handlers would be.
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        log.append({
          tenantId: 'tenant-a',
          actorType: 'automation',
          actorId,
          action: 'flow.run',
          targetType: 'flow',
          targetId: `f-${i}`,
        }),
      ),
    );
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2] ?? 'child').catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});

/**
 * Child process for the time-zone round-trip test: Jest cannot change the time zone of its own
 * process, so the writer and the reader run here, each under the TZ it was started with.
 *
 * node -r @swc-node/register date-round-trip.child.ts write|read  (options JSON in SB_TEST_OPTIONS)
 */
import { Logger } from '@nestjs/common';
import { ProcessedEvent, type PersistenceOptions, openDataSource } from '@switchboard/persistence';

async function main(mode: string): Promise<void> {
  Logger.overrideLogger(['error']);
  const options = JSON.parse(process.env.SB_TEST_OPTIONS ?? '{}') as PersistenceOptions;
  const dataSource = await openDataSource(options);
  try {
    const repository = dataSource.getRepository(ProcessedEvent);
    if (mode === 'write') {
      const instants = JSON.parse(process.env.SB_TEST_INSTANTS ?? '[]') as string[];
      await repository.insert(
        instants.map((iso, i) => ({ consumer: 'tz', eventId: `e${i}`, processedAt: new Date(iso) })),
      );
    } else {
      const rows = await repository.find({ where: { consumer: 'tz' }, order: { eventId: 'ASC' } });
      process.stdout.write(JSON.stringify(rows.map((row) => row.processedAt.toISOString())));
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2] ?? 'read').catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});

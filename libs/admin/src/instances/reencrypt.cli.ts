/**
 * `npm run secrets:reencrypt`: re-seals every connector instance's secrets after a master key
 * rotation. Stop the hub first, then run with
 *
 *   SWITCHBOARD_MASTER_KEY_OLD=<the key in use until now>
 *   SWITCHBOARD_MASTER_KEY=<the new key>
 *
 * plus the hub's usual DATABASE_URL / SWITCHBOARD_DATA_DIR, and start the hub with the new key.
 * All or nothing: one transaction, and a repeated run changes nothing more.
 */
import { loadConfig } from '@switchboard/config';
import { openDataSource } from '@switchboard/persistence';
import { decodeMasterKey, MASTER_KEY_VARIABLE } from '@switchboard/secrets';
import { reencryptInstanceSecrets } from './reencrypt-instance-secrets';

export const OLD_MASTER_KEY_VARIABLE = 'SWITCHBOARD_MASTER_KEY_OLD';

/** Runs the command against `env`; returns the exit code. */
export async function runReencryptCommand(
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const oldText = env[OLD_MASTER_KEY_VARIABLE];
  const newText = env[MASTER_KEY_VARIABLE];
  if (!oldText?.trim() || !newText?.trim()) {
    out(`Set both ${OLD_MASTER_KEY_VARIABLE} (the current key) and ${MASTER_KEY_VARIABLE} (the new key).`);
    return 2;
  }
  const oldKey = decodeMasterKey(oldText, OLD_MASTER_KEY_VARIABLE);
  const newKey = decodeMasterKey(newText, MASTER_KEY_VARIABLE);
  const config = loadConfig(env);
  const dataSource = await openDataSource({
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    sqliteSync: config.database.sqliteSync,
  });
  try {
    const report = await reencryptInstanceSecrets(dataSource, oldKey, newKey);
    out(
      `Re-sealed the secrets of ${report.resealed} connector instance(s); ` +
        `${report.alreadyCurrent} already used the new key.`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runReencryptCommand().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `secrets:reencrypt failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

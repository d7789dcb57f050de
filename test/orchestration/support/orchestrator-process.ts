import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../../support/bus-fixtures';

const MAIN = join(__dirname, '..', '..', '..', 'apps', 'orchestrator', 'src', 'main.ts');

/** The orchestrator app as its own process (from source, through SWC), so a test can SIGKILL it. */
export interface OrchestratorProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startOrchestrator(env: Record<string, string>): Promise<OrchestratorProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      SWITCHBOARD_PORT: '0',
      ...env,
      // The readiness line is logged at info; the test's own level must not hide it.
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(
      () => /Switchboard orchestrator listening on/.test(output) || child.exitCode !== null,
      60_000,
    );
  } catch {
    child.kill('SIGKILL');
  }
  if (!/Switchboard orchestrator listening on/.test(output))
    throw new Error(`the orchestrator did not start:\n${output.slice(-4_000)}`);
  return {
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

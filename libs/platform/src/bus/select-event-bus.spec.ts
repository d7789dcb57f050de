import type { LoggerService } from '@nestjs/common';
import { loadConfig } from '@switchboard/config';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectEventBus } from './select-event-bus';

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const record = (level: string) => (message: unknown) =>
    void lines.push({ level, message: String(message) });
  const logger: LoggerService = { log: record('log'), warn: record('warn'), error: record('error') };
  return { lines, logger };
}

describe('selectEventBus', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-select-'));
  const noNatsServer = {
    SWITCHBOARD_DATA_DIR: dataDir,
    NATS_SERVER_BIN: join(dataDir, 'no-such-nats-server'),
  };

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('falls back to the in-process bus, loudly, when no NATS is available', async () => {
    const { lines, logger } = recordingLogger();
    const runtime = await selectEventBus(loadConfig(noNatsServer), { logger });
    try {
      expect(runtime.source).toBe('in-process');
      expect(runtime.bus.kind).toBe('in-process');
      expect(runtime.durable).toBe(false);
      expect(runtime.detail).toContain('durability off');
      expect(runtime.detail).toContain(
        `NATS_SERVER_BIN=${noNatsServer.NATS_SERVER_BIN} is not an executable file`,
      );
      const banner = lines.find((line) => line.message.includes('DURABILITY IS OFF'));
      expect(banner?.level).toBe('error');
      expect(banner?.message).toContain('LOST on restart');
      expect(banner?.message.split('\n').length).toBeGreaterThan(5);
    } finally {
      await runtime.close();
    }
  });

  it('uses the in-process bus with a warning when SWITCHBOARD_BUS=memory', async () => {
    const { lines, logger } = recordingLogger();
    const runtime = await selectEventBus(loadConfig({ ...noNatsServer, SWITCHBOARD_BUS: 'memory' }), {
      logger,
    });
    await runtime.close();
    expect(runtime.detail).toContain('SWITCHBOARD_BUS=memory');
    expect(lines.find((line) => line.message.includes('DURABILITY IS OFF'))?.level).toBe('warn');
  });

  it('never falls back when SWITCHBOARD_BUS=nats', async () => {
    const { logger } = recordingLogger();
    await expect(
      selectEventBus(loadConfig({ ...noNatsServer, SWITCHBOARD_BUS: 'nats' }), { logger }),
    ).rejects.toThrow('SWITCHBOARD_BUS=nats but NATS_URL is unset and NATS_SERVER_BIN=');
  });
});

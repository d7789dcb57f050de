import { loadConfig } from './load-config';

describe('SwitchboardConfig.toJSON', () => {
  it('hides keys and URL passwords when the config is logged', () => {
    const config = loadConfig({
      SWITCHBOARD_MASTER_KEY: 'b'.repeat(64),
      SWITCHBOARD_ADMIN_KEY: 'admin-key-that-is-long-enough-123456',
      DATABASE_URL: 'postgres://sb:dbpass@db/sb',
      NATS_URL: 'nats://hub:natspass@n1:4222',
    });
    const text = JSON.stringify(config);
    for (const secret of ['b'.repeat(64), 'admin-key-that-is-long-enough-123456', 'dbpass', 'natspass']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('postgres://sb:***@db/sb');
    expect(text).toContain('nats://hub:***@n1:4222');
    // The object itself keeps the real values for the code that needs them.
    expect(config.database.url).toBe('postgres://sb:dbpass@db/sb');
  });
});

import { SwitchboardError } from '@switchboard/errors';
import { ExposureJournal, textsOf } from './exposure-journal';
import { secretSpellings } from './secret-spellings';

describe('ExposureJournal', () => {
  const spellings = secretSpellings({
    manifest: { auth: [] },
    config: {},
    secretSets: [{ token: 'tok-123456' }],
  });

  it('finds a secret in nested values, map keys, error messages and field errors', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const texts = textsOf({
      a: [{ b: new Map([['tok-123456', 1]]) }],
      error: SwitchboardError.validation('bad', [{ path: 'x', message: 'got tok-123456' }]),
      cyclic,
      raw: Buffer.from('tok-123456'),
    });
    expect(texts.filter((text) => text.includes('tok-123456'))).toHaveLength(3);
  });

  it('reports each leak once per exposure with a masked excerpt', () => {
    const journal = new ExposureJournal();
    journal.record({
      check: 'c',
      channel: 'log',
      what: 'info log "x"',
      value: { m: 'Bearer tok-123456', n: 'tok-123456' },
    });
    journal.record({ check: 'c', channel: 'result', what: 'check result', value: { detail: 'fine' } });
    const leaks = journal.leaks(spellings);
    expect(leaks).toHaveLength(1);
    expect(leaks[0]!.excerpt).toBe('Bearer [secret token (as is)]');
  });
});

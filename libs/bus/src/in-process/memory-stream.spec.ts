import { DEFAULT_STREAM_SETTINGS } from '../bus.options';
import { MemoryStream } from './memory-stream';

const data = new Uint8Array([1]);

describe('MemoryStream', () => {
  it('de-duplicates a message id within the window only', async () => {
    const stream = new MemoryStream('EVT', { ...DEFAULT_STREAM_SETTINGS.EVT, duplicateWindowMs: 50 });
    expect(stream.append('evt.a', {}, data, 'id-1')).toEqual({ seq: 1, duplicate: false });
    expect(stream.append('evt.a', {}, data, 'id-1')).toEqual({ seq: 1, duplicate: true });
    await new Promise((r) => setTimeout(r, 60));
    expect(stream.append('evt.a', {}, data, 'id-1')).toEqual({ seq: 2, duplicate: false });
  });

  it('finds the next matching message after a sequence and looks messages up by sequence', () => {
    const stream = new MemoryStream('EVT', DEFAULT_STREAM_SETTINGS.EVT);
    ['evt.a', 'evt.b', 'evt.a', 'evt.b'].forEach((subject, i) => stream.append(subject, {}, data, `id-${i}`));
    expect(stream.nextAfter(0, (s) => s === 'evt.b')?.seq).toBe(2);
    expect(stream.nextAfter(2, (s) => s === 'evt.b')?.seq).toBe(4);
    expect(stream.nextAfter(4, () => true)).toBeUndefined();
    expect(stream.get(3)?.subject).toBe('evt.a');
    expect(stream.get(3)?.headers['Nats-Msg-Id']).toBe('id-2');
  });

  it('ages messages out', async () => {
    const stream = new MemoryStream('EVT', {
      ...DEFAULT_STREAM_SETTINGS.EVT,
      maxAgeMs: 20,
      duplicateWindowMs: 10,
    });
    stream.append('evt.a', {}, data, 'old');
    await new Promise((r) => setTimeout(r, 30));
    stream.append('evt.a', {}, data, 'new');
    expect(stream.size).toBe(1);
    expect(stream.get(1)).toBeUndefined();
    expect(stream.get(2)?.headers['Nats-Msg-Id']).toBe('new');
  });
});

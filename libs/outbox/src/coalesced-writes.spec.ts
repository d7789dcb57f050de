import { CoalescedWrites } from './coalesced-writes';

describe('CoalescedWrites', () => {
  function recorder(fail?: (items: number[]) => boolean) {
    const writes: number[][] = [];
    let release: (() => void) | undefined;
    const writer = new CoalescedWrites<number>(async (items) => {
      writes.push(items);
      // The first write is held open, so the test can add items while it runs.
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      if (fail?.(items)) throw new Error(`write of ${items.join(',')} failed`);
    }, 3);
    return { writer, writes, release: () => release?.() };
  }

  it('writes the items added in one tick together', async () => {
    const { writer, writes, release } = recorder();
    const a = writer.add([1]);
    const b = writer.add([2, 3]);
    await Promise.resolve();
    await Promise.resolve();
    release();
    await Promise.all([a, b]);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('gathers what is added during a write into the next one, and settles each caller with its write', async () => {
    const { writer, writes, release } = recorder();
    let firstDone = false;
    const first = writer.add([1]).then(() => (firstDone = true));
    await new Promise((resolve) => setImmediate(resolve)); // the first write is running now
    const second = writer.add([2]);
    const third = writer.add([3]);
    expect(writes).toEqual([[1]]);
    expect(firstDone).toBe(false);
    release();
    await Promise.all([first, second, third]);
    expect(writes).toEqual([[1], [2, 3]]);
  });

  it('splits a batch larger than the limit into several writes', async () => {
    const { writer, writes, release } = recorder();
    const done = writer.add([1, 2, 3, 4, 5, 6, 7]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await done;
    expect(writes).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('rejects the callers of a failed write only, and goes on with the next batch', async () => {
    const { writer, writes, release } = recorder((items) => items.includes(1));
    const first = writer.add([1]);
    await new Promise((resolve) => setImmediate(resolve));
    const second = writer.add([2]);
    release();
    await expect(first).rejects.toThrow('write of 1 failed');
    await expect(second).resolves.toBeUndefined();
    expect(writes).toEqual([[1], [2]]);
  });

  it('resolves at once for nothing to write', async () => {
    const { writer, writes } = recorder();
    await writer.add([]);
    expect(writes).toEqual([]);
  });
});

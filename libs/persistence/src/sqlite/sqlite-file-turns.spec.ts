import * as path from 'node:path';
import { takeFileTurn } from './sqlite-file-turns';

describe('takeFileTurn', () => {
  const settledYet = async (promise: Promise<unknown>) => {
    let settled = false;
    void promise.then(() => (settled = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    return settled;
  };

  it('gives one turn at a time per file, in the order asked, whatever the spelling of the path', async () => {
    const order: string[] = [];
    const first = await takeFileTurn('/tmp/turns/hub.sqlite');
    const second = takeFileTurn(path.relative(process.cwd(), '/tmp/turns/hub.sqlite')).then((end) => {
      order.push('second');
      return end;
    });
    const third = takeFileTurn('/tmp/turns/../turns/hub.sqlite').then((end) => {
      order.push('third');
      return end;
    });
    expect(await settledYet(second)).toBe(false);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    // The line is empty again: a new turn is immediate.
    expect(await settledYet(takeFileTurn('/tmp/turns/hub.sqlite').then((end) => end()))).toBe(true);
  });

  it('does not make other files or in-memory databases wait', async () => {
    const held = await takeFileTurn('/tmp/turns/a.sqlite');
    expect(await settledYet(takeFileTurn('/tmp/turns/b.sqlite').then((end) => end()))).toBe(true);
    const memory = await takeFileTurn(':memory:');
    expect(await settledYet(takeFileTurn(':memory:').then((end) => end()))).toBe(true);
    memory();
    held();
  });
});

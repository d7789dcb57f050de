import { ErrorCode } from '@switchboard/errors';
import { RequestBudget } from './request-budget';

/** A job that runs until the test lets it end. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, job: () => opened };
}

const flush = () =>
  new Promise<void>((resolve) => jest.requireActual<typeof import('timers')>('timers').setImmediate(resolve));

describe('RequestBudget', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps at most maxConcurrent requests in flight and starts the waiting ones in arrival order', async () => {
    const budget = new RequestBudget({ maxConcurrent: 2 });
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      budget.run(() => {
        started.push(i);
        return g.job();
      }),
    );
    await flush();
    expect({ started: [...started], inFlight: budget.inFlight }).toEqual({ started: [0, 1], inFlight: 2 });
    gates[1]!.open();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect({ started, inFlight: budget.inFlight }).toEqual({ started: [0, 1, 2, 3, 4], inFlight: 0 });
  });

  it('spaces requests evenly up to 50 per second', async () => {
    jest.useFakeTimers({ now: 0 });
    const budget = new RequestBudget({ requestsPerSecond: 10 }, () => Date.now());
    const startedAt: number[] = [];
    const runs = Array.from({ length: 3 }, () => budget.run(async () => void startedAt.push(Date.now())));
    await jest.advanceTimersByTimeAsync(250);
    await Promise.all(runs);
    expect(startedAt).toEqual([0, 100, 200]);
  });

  it('lets a quarter second of requests through at once above 50 per second, then keeps the rate', async () => {
    jest.useFakeTimers({ now: 0 });
    const budget = new RequestBudget({ requestsPerSecond: 400 }, () => Date.now());
    const startedAt: number[] = [];
    const runs = Array.from({ length: 150 }, () => budget.run(async () => void startedAt.push(Date.now())));
    await jest.advanceTimersByTimeAsync(0);
    expect(startedAt).toHaveLength(100);
    await jest.advanceTimersByTimeAsync(125);
    await Promise.all(runs);
    expect(startedAt).toHaveLength(150);
    // 50 more tokens take 125 ms at 400/s: none of the rest started before.
    expect(Math.min(...startedAt.slice(100))).toBeGreaterThan(0);
    expect(Math.max(...startedAt)).toBeLessThanOrEqual(125);
  });

  it('fails waiting and new requests once stopped, and lets running ones finish', async () => {
    const budget = new RequestBudget({ maxConcurrent: 1 });
    const running = gate();
    const first = budget.run(running.job);
    const waiting = budget.run(async () => 'never');
    await flush();
    budget.stop();
    await expect(waiting).rejects.toMatchObject({ code: ErrorCode.Permanent });
    await expect(budget.run(async () => 'late')).rejects.toMatchObject({ code: ErrorCode.Permanent });
    running.open();
    await expect(first).resolves.toBeUndefined();
  });
});

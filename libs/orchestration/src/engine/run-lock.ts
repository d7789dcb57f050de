/** Work on one run at a time in this process: results, approvals and ticks may arrive together. */
export class RunLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async with<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(runId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(runId, settled);
    void settled.then(() => this.#tails.get(runId) === settled && this.#tails.delete(runId));
    return run;
  }
}

import { createEvent, type CloudEvent } from '@switchboard/events';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds; fails with a clear message instead of hanging the suite. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await sleep(10);
  }
}

/** A valid Alert event; `n` lands in `occurrenceCount` so tests can tell events apart and order them. */
export function alertEvent({
  tenant,
  partition,
  n,
}: {
  tenant: string;
  partition: string;
  n: number;
}): CloudEvent {
  return createEvent({
    type: 'io.switchboard.ops.alert.triggered.v1',
    source: '/connectors/alertmanager/am1',
    subject: `fp-${partition}`,
    tenantid: tenant,
    partitionkey: partition,
    data: {
      dedupKey: `fp-${partition}`,
      episodeId: `ep-${partition}`,
      status: 'triggered',
      severity: 'high',
      title: `alert ${partition} #${n}`,
      source: 'alertmanager',
      labels: { alertname: 'HighLatency', partition },
      annotations: {},
      startsAt: '2026-11-22T10:00:00Z',
      occurrenceCount: n,
    },
  });
}

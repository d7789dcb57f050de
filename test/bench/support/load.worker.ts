/**
 * The load generator of the HTTP benchmarks, in its own process so it does not share an event
 * loop with the server it measures. Receives `{ url, headers, bodies, connections, durationS }`,
 * answers autocannon's summary.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  durationS: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

process.once('message', (job: LoadJob) => {
  let next = 0;
  const statuses: Record<string, number> = {};
  const instance = autocannon(
    {
      url: job.url,
      method: 'POST',
      connections: job.connections,
      duration: job.durationS,
      headers: job.headers,
      requests: [
        {
          method: 'POST',
          // Vary the payload per request, as a real sender would.
          setupRequest: (request) => ({ ...request, body: job.bodies[next++ % job.bodies.length] }),
        },
      ],
    },
    (error, result) => {
      if (error) {
        process.send!({ error: String(error) });
        return;
      }
      const answer: LoadResult = {
        requests: result.requests.total,
        perSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        statuses,
      };
      process.send!(answer, () => process.exit(0));
    },
  );
  instance.on('response', (_client, statusCode) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
});

/**
 * `npm run bench:mapping`: an alert → ticket.create mapping (paths, a constant, a value map, a
 * template; and a variant with one JSONata expression) compiled by libs/mapping, against
 * (a) JSONata evaluating one equivalent expression for the whole output and (b) a hand-written
 * TypeScript function (and, for the variant, the same mapping with its expression left to
 * JSONata's interpreter instead of the fast subset), on the same few thousand varied alert events, in the same run. Every path's
 * output is checked equal to the hand-written one before anything is timed. Prints ops/s and the
 * ratios (targets: ≥ 10× JSONata, ≥ 0.5× hand-written).
 *
 * Env: BENCH_N (distinct inputs, default 3000), BENCH_SECONDS (timed seconds per path, default 2).
 */
import { isDeepStrictEqual } from 'node:util';
import { ALERT_SEVERITIES, type AlertData, type CloudEvent } from '@switchboard/events';
import { MappingCompiler, type CompileStrategy, type CompiledMapping } from '@switchboard/mapping';
import jsonata from 'jsonata';

const N = Number(process.env.BENCH_N ?? 3_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ALERT = 'io.switchboard.ops.alert.triggered.v1';

const PRIORITY: Record<string, string> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'planning',
};

const PLAIN_FIELDS = {
  title: { template: '[{{data.severity}}] {{data.title}} on {{data.resource.host}}' },
  description: { from: 'data.description', default: '(no description)' },
  priority: { from: 'data.severity', map: PRIORITY },
  kind: { const: 'incident' },
  assignmentGroup: { from: 'data.labels.team', default: 'operations' },
  'alertRefs[0].dedupKey': { from: 'data.dedupKey' },
  'alertRefs[0].episodeId': { from: 'data.episodeId' },
};
const EXPR_FIELDS = { ...PLAIN_FIELDS, labels: { expr: '[$keys(data.labels)]' } };

const definition = (fields: Record<string, unknown>) => ({
  name: 'bench-alert-to-ticket',
  source: { event: ALERT },
  target: { command: 'ticket.create' },
  fields,
});

// The same output as one JSONata expression (`&` reads a missing value as empty text, as templates do).
const JSONATA_PLAIN = `{
  "title": "[" & data.severity & "] " & data.title & " on " & data.resource.host,
  "description": $exists(data.description) ? data.description : "(no description)",
  "priority": $lookup(${JSON.stringify(PRIORITY)}, data.severity),
  "kind": "incident",
  "assignmentGroup": $exists(data.labels.team) ? data.labels.team : "operations",
  "alertRefs": [{ "dedupKey": data.dedupKey, "episodeId": data.episodeId }]
}`;
const JSONATA_EXPR = `${JSONATA_PLAIN.slice(0, -2)},\n  "labels": [$keys(data.labels)]\n}`;

type Alert = CloudEvent<AlertData>;

/** What someone would write by hand for the same mapping. */
function handWritten(event: Alert): Record<string, unknown> {
  const data = event.data;
  const output: Record<string, unknown> = {
    title: `[${data.severity ?? ''}] ${data.title ?? ''} on ${data.resource?.host ?? ''}`,
    description: data.description ?? '(no description)',
    priority: PRIORITY[data.severity],
    kind: 'incident',
    assignmentGroup: data.labels?.team ?? 'operations',
  };
  const ref: Record<string, unknown> = { dedupKey: data.dedupKey };
  if (data.episodeId !== undefined) ref.episodeId = data.episodeId;
  output.alertRefs = [ref];
  return output;
}

function handWrittenWithLabels(event: Alert): Record<string, unknown> {
  const output = handWritten(event);
  output.labels = Object.keys(event.data.labels ?? {});
  return output;
}

/** Varied alerts: every severity, optional fields present or not, different label sets. */
function makeInputs(count: number): Alert[] {
  return Array.from({ length: count }, (_, i) => {
    const labels: Record<string, string> = { alertname: `Alert${i % 17}`, instance: `host-${i % 50}:9100` };
    if (i % 3 === 0) labels.team = ['dba', 'net', 'web'][i % 9 === 0 ? 0 : 1]!;
    if (i % 5 === 0) labels[`extra_${i % 7}`] = 'yes';
    const data: AlertData = {
      dedupKey: `k${i.toString(16).padStart(8, '0')}`,
      status: 'triggered',
      severity: ALERT_SEVERITIES[i % ALERT_SEVERITIES.length]!,
      title: `Disk ${i % 100}% full`,
      resource: { host: `db-${i % 50}.prod.example.com`, service: 'postgres' },
      labels,
      ...(i % 2 === 0 ? { episodeId: `e${i}` } : {}),
      ...(i % 4 !== 0 ? { description: `Only ${100 - (i % 100)}% free on /var/lib/postgresql.` } : {}),
    };
    return {
      specversion: '1.0',
      id: `018f3406-a1e8-7de1-b093-${i.toString(16).padStart(12, '0')}`,
      source: '/connectors/prometheus-alertmanager/am-prod',
      type: ALERT,
      subject: data.dedupKey,
      time: '2024-05-01T12:00:01Z',
      datacontenttype: 'application/json',
      dataschema: `https://schemas.switchboard.dev/events/${ALERT}.json`,
      data,
    } as Alert;
  });
}

interface Result {
  name: string;
  opsPerSecond: number;
}

/** Runs `run` over the inputs again and again for SECONDS (after a warm-up); ops/s of the best second. */
async function measure(name: string, inputs: Alert[], run: (input: Alert) => unknown): Promise<Result> {
  let sink = 0;
  const pass = async (): Promise<number> => {
    const started = performance.now();
    let done = 0;
    while (performance.now() - started < 1000) {
      for (const input of inputs) {
        let result = run(input);
        if (result instanceof Promise) result = await result;
        // Keep the result alive, so the work cannot be optimised away.
        sink += (result as { title?: string; output?: { title?: string } }).title?.length ?? 1;
      }
      done += inputs.length;
    }
    return (done * 1000) / (performance.now() - started);
  };
  await pass(); // warm-up: JIT, inline caches
  let best = 0;
  for (let i = 0; i < SECONDS; i++) best = Math.max(best, await pass());
  if (sink < 0) console.log(sink);
  return { name, opsPerSecond: best };
}

function outputOf(compiled: CompiledMapping, input: Alert): Promise<Record<string, unknown>> {
  return Promise.resolve(compiled.run(input)).then((result) => result.output);
}

async function assertSameOutputs(
  name: string,
  inputs: Alert[],
  expected: (input: Alert) => Record<string, unknown>,
  actual: (input: Alert) => Promise<unknown>,
): Promise<void> {
  for (const input of inputs) {
    // JSON round trip: JSONata marks its lists with extra properties.
    const got = JSON.parse(JSON.stringify(await actual(input))) as unknown;
    if (!isDeepStrictEqual(got, expected(input)))
      throw new Error(
        `${name} differs from the hand-written function on ${input.data.dedupKey}:\n` +
          `${JSON.stringify(got)}\n${JSON.stringify(expected(input))}`,
      );
  }
}

function printTable(results: Result[], handWrittenOps: number): void {
  console.table(
    results.map((r) => ({
      path: r.name,
      'ops/s': Math.round(r.opsPerSecond).toLocaleString('en-US'),
      'µs/op': (1e6 / r.opsPerSecond).toFixed(2),
      'vs hand-written': `${(r.opsPerSecond / handWrittenOps).toFixed(2)}×`,
    })),
  );
}

function verdict(label: string, ratio: number, target: number): string {
  return `${label}: ${ratio.toFixed(2)}× (target ≥ ${target}×: ${ratio >= target ? 'met' : 'NOT met'})`;
}

async function scenario(
  title: string,
  inputs: Alert[],
  fields: Record<string, unknown>,
  expression: string,
  byHand: (input: Alert) => Record<string, unknown>,
): Promise<void> {
  const compiled = Object.fromEntries(
    (['codegen', 'closures'] as CompileStrategy[]).map((strategy) => [
      strategy,
      new MappingCompiler({ strategy }).compile(definition(fields)),
    ]),
  ) as Record<CompileStrategy, CompiledMapping>;
  // The same, with every expression left to JSONata's interpreter: what the fast subset saves.
  const interpreted = new MappingCompiler({ fastExpressions: false }).compile(definition(fields));
  const whole = jsonata(expression);
  for (const strategy of ['codegen', 'closures'] as const)
    await assertSameOutputs(`compiled (${strategy})`, inputs, byHand, (input) =>
      outputOf(compiled[strategy], input),
    );
  if (interpreted.isAsync)
    await assertSameOutputs('compiled, expressions by JSONata', inputs, byHand, (input) =>
      outputOf(interpreted, input),
    );
  await assertSameOutputs('JSONata', inputs, byHand, (input) => whole.evaluate(input));

  const hand = await measure('hand-written function', inputs, byHand);
  const codegen = await measure(
    `libs/mapping, generated code${compiled.codegen.isAsync ? ' + JSONata (fast subset)' : ''}`,
    inputs,
    (input) => compiled.codegen.run(input),
  );
  const closures = await measure(
    `libs/mapping, closures${compiled.closures.isAsync ? ' + JSONata (fast subset)' : ''}`,
    inputs,
    (input) => compiled.closures.run(input),
  );
  const slow = interpreted.isAsync
    ? [
        await measure('libs/mapping, generated code, every expression by JSONata', inputs, (input) =>
          interpreted.run(input),
        ),
      ]
    : [];
  const jsonataWhole = await measure('JSONata, one expression for the whole output', inputs, (input) =>
    whole.evaluate(input),
  );
  console.log(`\n${title}`);
  printTable([hand, codegen, closures, ...slow, jsonataWhole], hand.opsPerSecond);
  console.log(
    verdict('compiled (generated code) / JSONata', codegen.opsPerSecond / jsonataWhole.opsPerSecond, 10),
  );
  console.log(
    verdict('compiled (generated code) / hand-written', codegen.opsPerSecond / hand.opsPerSecond, 0.5),
  );
  console.log(`generated code / closures: ${(codegen.opsPerSecond / closures.opsPerSecond).toFixed(2)}×`);
  if (slow[0])
    console.log(
      `expressions as plain JavaScript / by JSONata: ${(codegen.opsPerSecond / slow[0].opsPerSecond).toFixed(2)}×`,
    );
}

async function main(): Promise<void> {
  const inputs = makeInputs(N);
  console.log(
    `mapping benchmark: ${N} distinct alert events, ${SECONDS} timed second(s) per path (best second), Node ${process.version}`,
  );
  await scenario(
    'paths, a constant, a value map and a template (synchronous):',
    inputs,
    PLAIN_FIELDS,
    JSONATA_PLAIN,
    handWritten,
  );
  await scenario(
    'the same plus one JSONata expression, labels = [$keys(data.labels)] (asynchronous):',
    inputs,
    EXPR_FIELDS,
    JSONATA_EXPR,
    handWrittenWithLabels,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

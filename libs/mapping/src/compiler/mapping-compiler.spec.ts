import { isSwitchboardError } from '@switchboard/errors';
import alertEvent from '../__fixtures__/alert-triggered.event.json';
import alertToTicket from '../__fixtures__/alert-to-ticket.mapping.json';
import type { CompileStrategy, CompiledMapping, MappingResult } from './compiled-mapping';
import { MappingCompiler, runMapping } from './mapping-compiler';

const ALERT = 'io.switchboard.ops.alert.triggered.v1';

/** A mapping of the alert event into a free-form object, with the given fields. */
const free = (fields: Record<string, unknown>) => ({
  name: 'probe',
  source: { event: ALERT },
  target: { free: true },
  fields,
});

/** The real alert event with `data` changed (undefined removes a field). */
function alertWith(data: Record<string, unknown>): Record<string, unknown> {
  const merged = Object.fromEntries(
    Object.entries({ ...alertEvent.data, ...data }).filter(([, value]) => value !== undefined),
  );
  return { ...alertEvent, data: merged };
}

describe.each<CompileStrategy>(['codegen', 'closures'])('compiled mappings (%s)', (strategy) => {
  const compiler = new MappingCompiler({ strategy });
  const runSync = (definition: unknown, source: unknown): MappingResult => {
    const compiled = compiler.compile(definition);
    if (compiled.isAsync) throw new Error('expected a synchronous mapping');
    return compiled.run(source);
  };

  it('turns the real alert into ticket.create input', async () => {
    const compiled = compiler.compile(alertToTicket);
    expect(compiled).toMatchObject({ isAsync: true, strategy });
    expect(await runMapping(compiled, alertEvent)).toEqual({
      output: {
        title: '[high] Disk almost full on db-1 on db-1.prod.example.com',
        description: 'Only **4%** free on `/var/lib/postgresql`.',
        priority: 'high',
        kind: 'incident',
        assignmentGroup: 'operations',
        customFields: { 'redmine.7': 'postgres' },
        alertRefs: [{ dedupKey: '5f2c9a1e7b3d4c10', episodeId: '0190c3f2-7d6e-7a10-8b2a-3f4e5d6c7b8a' }],
        labels: ['alertname', 'instance', 'severity', 'app.kubernetes.io/name'],
      },
      errors: [],
    });
  });

  it('runs synchronously when there is no JSONata', () => {
    const { labels: _labels, ...plain } = alertToTicket.fields;
    const compiled = compiler.compile({ ...alertToTicket, fields: plain });
    expect(compiled.isAsync).toBe(false);
    const result = compiled.run(alertEvent) as MappingResult;
    expect(result.output).toMatchObject({ title: expect.any(String), priority: 'high' });
  });

  it('uses the default when the source is missing or null, and leaves the field out otherwise', () => {
    const definition = free({
      description: { from: 'data.description', default: '(none)' },
      source: { from: 'data.source' },
    });
    expect(runSync(definition, alertWith({ description: undefined, source: undefined })).output).toEqual({
      description: '(none)',
    });
    expect(runSync(definition, alertWith({ description: null, source: null })).output).toEqual({
      description: '(none)',
    });
    expect(runSync(definition, { nothing: 'here' }).output).toEqual({ description: '(none)' });
    expect(runSync(definition, 'not even an object').output).toEqual({ description: '(none)' });
  });

  it('maps values, falls back to the default, and reports an unmapped value without stopping', () => {
    // nativeSeverity is free text in the schema, so only a run can find a value the map lacks.
    const definition = free({
      priority: { from: 'data.nativeSeverity', map: { critical: 'p1', warning: 'p2' } },
      urgent: { from: 'data.occurrenceCount', map: { '1': false, '2': true }, default: true },
      title: { from: 'data.title' },
    });
    expect(runSync(definition, alertWith({ nativeSeverity: 'critical', occurrenceCount: 2 })).output).toEqual(
      {
        priority: 'p1',
        urgent: true,
        title: 'Disk almost full on db-1',
      },
    );
    expect(runSync(definition, alertWith({ nativeSeverity: 'P3', occurrenceCount: 1 }))).toEqual({
      output: { urgent: false, title: 'Disk almost full on db-1' },
      errors: [
        { path: 'fields.priority', message: 'data.nativeSeverity is "P3", which the value map does not map' },
      ],
    });
    expect(
      runSync(definition, alertWith({ nativeSeverity: 'warning', occurrenceCount: 9 })).output,
    ).toMatchObject({
      priority: 'p2',
      urgent: true,
    });
  });

  it('reports a required field that got no value', () => {
    const definition = free({
      episode: { from: 'data.episodeId', required: true },
      title: { from: 'data.title', required: true },
    });
    expect(runSync(definition, alertWith({ episodeId: undefined }))).toEqual({
      output: { title: 'Disk almost full on db-1' },
      errors: [{ path: 'fields.episode', message: 'is required, but data.episodeId is missing' }],
    });
  });

  it('builds text from templates: missing values are empty, numbers and objects readable', () => {
    const definition = free({
      summary: {
        template: '{{data.title}} ({{data.occurrenceCount}}x) on {{data.resource.host}}{{data.source}}',
      },
      resource: { template: 'resource={{data.resource}}' },
      fixed: { template: 'no placeholders' },
    });
    expect(
      runSync(definition, alertWith({ resource: { host: 'h' }, occurrenceCount: 3, source: undefined }))
        .output,
    ).toEqual({
      summary: 'Disk almost full on db-1 (3x) on h',
      resource: 'resource={"host":"h"}',
      fixed: 'no placeholders',
    });
    expect(runSync(definition, {}).output.summary).toBe(' (x) on ');
  });

  it('writes nested targets, creating objects and lists only for values it writes', () => {
    const definition = free({
      'ticket.fields.title': { from: 'data.title' },
      'ticket.refs[0].id': { from: 'data.dedupKey' },
      'ticket.refs[0].episode': { from: 'data.episodeId' },
      'other.deep.value': { from: 'data.endsAt' },
    });
    expect(runSync(definition, alertWith({ episodeId: undefined })).output).toEqual({
      ticket: { fields: { title: 'Disk almost full on db-1' }, refs: [{ id: '5f2c9a1e7b3d4c10' }] },
    });
  });

  it('gives every run its own copy of object constants and defaults', () => {
    const definition = free({
      tags: { const: ['a', 'b'] },
      meta: { from: 'data.endsAt', default: { origin: 'hub' } },
    });
    const first = runSync(definition, alertEvent).output as { tags: string[]; meta: { origin: string } };
    first.tags.push('changed');
    first.meta.origin = 'changed';
    expect(runSync(definition, alertEvent).output).toEqual({ tags: ['a', 'b'], meta: { origin: 'hub' } });
  });

  it('evaluates JSONata: a failing expression reports its field, the others still run', async () => {
    const definition = free({
      labelCount: { expr: '$count($keys(data.labels))' },
      broken: { expr: '$number(data.title)' },
      none: { expr: 'data.endsAt', default: 'fallback' },
      needed: { expr: 'data.endsAt', required: true },
      title: { from: 'data.title' },
    });
    const compiled = compiler.compile(definition);
    expect(compiled.isAsync).toBe(true);
    const result = await runMapping(compiled, alertEvent);
    expect(result.output).toEqual({ title: 'Disk almost full on db-1', labelCount: 4, none: 'fallback' });
    expect(result.errors).toEqual([
      {
        path: 'fields.broken',
        message: expect.stringMatching(/^expression failed: Unable to cast value to a number: .* \(D3030\)$/),
      },
      { path: 'fields.needed', message: 'is required, but the expression gave no value' },
    ]);
  });

  it('gives the same fields whether an expression runs as plain JavaScript or through JSONata', async () => {
    const definition = free({
      // In the fast subset, decided without JSONata on this alert:
      title: { expr: "'[' & data.severity & '] ' & data.title" },
      labels: { expr: "$join($each(data.labels, function($v, $k) { $k & '=' & $v }), ', ')" },
      links: { expr: 'data.links.href' },
      // In the subset, but an object joined as text is left to JSONata (its JSON, numbers cut):
      resource: { expr: "'on ' & data.resource" },
      // In the subset, but JSONata's error decides (text compared with a number):
      broken: { expr: 'data.title > 1' },
      // Outside the subset:
      upper: { expr: '$uppercase(data.severity)' },
    });
    const result = await runMapping(compiler.compile(definition), alertEvent);
    expect(result.output).toEqual({
      title: '[high] Disk almost full on db-1',
      labels:
        'alertname=DiskAlmostFull, instance=db-1:9100, severity=critical, app.kubernetes.io/name=postgres',
      links: 'https://grafana.example.com/d/node/db-1', // one link: the item, not a list
      resource: 'on {"host":"db-1.prod.example.com","service":"postgres","ciRef":"ci:db-1"}',
      upper: 'HIGH',
    });
    expect(result.errors).toEqual([
      { path: 'fields.broken', message: expect.stringMatching(/^expression failed: .*\(T2009\)$/) },
    ]);
  });

  it('stops a runaway expression at the time limit instead of hanging', async () => {
    const bounded = new MappingCompiler({ strategy, expressionLimits: { timeoutMs: 50 } });
    const compiled = bounded.compile(free({ loop: { expr: '($f := function($n){ $f($n + 1) }; $f(0))' } }));
    const result = await runMapping(compiled, alertEvent);
    expect(result.errors).toEqual([
      {
        path: 'fields.loop',
        message: expect.stringMatching(/Evaluation timeout after 50 milliseconds.*\(D1012\)/),
      },
    ]);
  });
});

describe('MappingCompiler', () => {
  it('refuses to compile an invalid mapping with a validation error listing every problem', () => {
    let caught: unknown;
    try {
      new MappingCompiler().compile(free({ title: { from: 'data.titel' }, kind: { expr: '(' } }));
    } catch (error) {
      caught = error;
    }
    expect(isSwitchboardError(caught) && caught.code).toBe('validation');
    expect(isSwitchboardError(caught) && caught.fieldErrors?.map((e) => e.path)).toEqual([
      'fields.title.from',
      'fields.kind.expr',
    ]);
  });

  it('compiles a version once and serves it from the cache, least recently used evicted first', () => {
    const compiler = new MappingCompiler({ cacheSize: 2 });
    const definition = free({ title: { from: 'data.title' } });
    const compile = jest.spyOn(compiler, 'compile');
    const first: CompiledMapping = compiler.compileVersion('m1', 1, definition);
    expect(compiler.compileVersion('m1', 1, definition)).toBe(first);
    expect(compile).toHaveBeenCalledTimes(1);
    compiler.compileVersion('m1', 2, definition);
    compiler.compileVersion('m1', 1, definition); // now the most recently used
    compiler.compileVersion('m2', 1, definition); // evicts m1@2
    expect(compiler.cached).toBe(2);
    expect(compiler.compileVersion('m1', 1, definition)).toBe(first);
    expect(compile).toHaveBeenCalledTimes(3);
    compiler.compileVersion('m1', 2, definition);
    expect(compile).toHaveBeenCalledTimes(4);
  });

  it('falls back to closures where code generation from strings is disabled', () => {
    const spy = jest.spyOn(globalThis, 'Function').mockImplementation(() => {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    let compiled: CompiledMapping;
    try {
      compiled = new MappingCompiler().compile(free({ title: { from: 'data.title' } }));
    } finally {
      spy.mockRestore();
    }
    expect(compiled.strategy).toBe('closures');
    expect(compiled.isAsync || compiled.run(alertEvent).output).toEqual({
      title: 'Disk almost full on db-1',
    });
  });
});

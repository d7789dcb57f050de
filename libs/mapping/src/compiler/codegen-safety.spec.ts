import { IsRecord } from '@switchboard/events';
import { MappingCatalog } from '../schema/mapping-catalog';
import type { CompiledMapping, MappingResult } from './compiled-mapping';
import { compileWithClosures } from './closure-compiler';
import { compileWithCodegen } from './codegen-compiler';
import type { FieldPlan } from './mapping-plan';
import { MappingCompiler } from './mapping-compiler';

// What the generated code is made of comes from admins' definitions: names, template text, map
// keys and values, constants. None of it may ever run as code or reach a prototype.

const probe = globalThis as { pwned?: unknown };
const INJECTIONS = [
  '"]; globalThis.pwned = 1; //',
  "'); globalThis.pwned = 1; //",
  '`${globalThis.pwned = 1}`',
  '" + (globalThis.pwned = 1) + "',
  '\\"; globalThis.pwned = 1; "',
  '*/ globalThis.pwned = 1; /*',
  '\u2028globalThis.pwned = 1\u2029',
  '</script><script>globalThis.pwned = 1</script>',
];

const freeFrom = (fields: Record<string, unknown>) => ({
  name: 'injection',
  source: { shape: 'alert' },
  target: { free: true },
  fields,
});

function runSync(compiled: CompiledMapping, source: unknown): MappingResult {
  if (compiled.isAsync) throw new Error('expected a synchronous mapping');
  return compiled.run(source);
}

describe('generated code safety', () => {
  afterEach(() => {
    delete probe.pwned;
    delete (Object.prototype as Record<string, unknown>).pwned;
  });

  it.each(INJECTIONS)(
    'treats %j as data in target names, map keys and values, constants and templates',
    (text) => {
      // The free-form target accepts any name, and labels (a record) any key the pattern allows;
      // the template, the map and the constants carry the text verbatim.
      const compiled = new MappingCompiler().compile(
        freeFrom({
          [`out[${JSON.stringify(text)}]`]: { const: text },
          echoed: { template: `${text}{{title}}${text}` },
          mapped: { from: 'nativeSeverity', map: { [text]: text }, default: { [text]: [text] } },
        }),
      );
      expect(compiled.strategy).toBe('codegen');
      const hit = runSync(compiled, { title: 'T', nativeSeverity: text });
      const miss = runSync(compiled, { title: 'T', nativeSeverity: 'other' });
      expect(probe.pwned).toBeUndefined();
      expect(hit).toEqual({
        output: { out: { [text]: text }, echoed: `${text}T${text}`, mapped: text },
        errors: [],
      });
      expect(miss.output.mapped).toEqual({ [text]: [text] });
    },
  );

  it.each(INJECTIONS)('reads %j in a source path as a plain property name', (text) => {
    class Bag {
      @IsRecord()
      values!: Record<string, unknown>;
    }
    const catalog = new MappingCatalog();
    catalog.registerShape('bag', Bag);
    const compiled = new MappingCompiler({ catalog }).compile({
      name: 'odd',
      source: { shape: 'bag' },
      target: { free: true },
      fields: {
        value: { from: `values[${JSON.stringify(text)}]` },
        text: { template: `{{values[${JSON.stringify(text)}]}}` },
      },
    });
    expect(runSync(compiled, { values: { [text]: 'v' } }).output).toEqual({ value: 'v', text: 'v' });
    expect(probe.pwned).toBeUndefined();
  });

  it.each(['__proto__.pwned', 'constructor.prototype.pwned', 'a["__proto__"].pwned', 'toString'])(
    'refuses the target path %s when validating',
    (path) => {
      const errors = new MappingCompiler().validate(freeFrom({ [path]: { const: 1 } }));
      expect(errors).toEqual([
        {
          path: expect.stringContaining('fields'),
          message: expect.stringMatching(/^is not a valid target path: must not use/),
        },
      ]);
    },
  );

  it('refuses reserved names even when a plan skipped validation', () => {
    const plan = (target: FieldPlan['target'], from: FieldPlan['from']): FieldPlan => ({
      key: 'x',
      errorPath: 'fields.x',
      target,
      kind: 'from',
      from,
      fromText: 'x',
      hasDefault: false,
      required: false,
    });
    for (const compile of [compileWithCodegen, compileWithClosures]) {
      expect(() => compile([plan(['__proto__', 'pwned'], ['title'])])).toThrow(/refusing/);
      expect(() => compile([plan(['ok'], ['constructor', 'prototype'])])).toThrow(/refusing/);
      expect(() => compile([plan(['ok'], [-1 as number])])).toThrow(/refusing/);
    }
  });

  it('never pollutes a prototype, whatever the source holds', () => {
    const compiled = new MappingCompiler().compile(
      freeFrom({ 'copy.labels': { from: 'labels' }, 'copy.title': { from: 'title' } }),
    );
    const hostile = JSON.parse(
      '{"title":"t","labels":{"__proto__":{"pwned":1}},"__proto__":{"pwned":1}}',
    ) as unknown;
    const { output } = runSync(compiled, hostile);
    expect(({} as Record<string, unknown>).pwned).toBeUndefined();
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(output.copy)).toBe(Object.prototype);
  });
});

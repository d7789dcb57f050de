import type { JsonSchema } from '@switchboard/events';
import { mappingCatalog } from './mapping-catalog';
import { enumOf, resolveSchemaPath, valueProblem } from './schema-navigator';

const resolve = (schema: JsonSchema, path: (string | number)[]) => resolveSchemaPath(schema, path, 'root');

describe('schema navigation', () => {
  const alertEvent = mappingCatalog.event('io.switchboard.ops.alert.triggered.v1')!;

  it('reads the CloudEvent envelope and its extension attributes as well as data', () => {
    const at = (path: (string | number)[]) => resolveSchemaPath(alertEvent.schema, path, alertEvent.label);
    expect(at(['subject'])).toMatchObject({ ok: true, node: { schema: { type: 'string' } } });
    expect(at(['tenantid'])).toMatchObject({ ok: true });
    // Any other lower-case name is an extension attribute (patternProperties): a scalar.
    expect(at(['myextension'])).toMatchObject({
      ok: true,
      node: { schema: { type: ['string', 'integer', 'boolean'] } },
    });
    expect(at(['Bad_Name'])).toEqual({
      ok: false,
      message: expect.stringMatching(/^io.switchboard.ops.alert.triggered.v1 has no field Bad_Name/),
    });
    const severity = at(['data', 'severity']);
    expect(severity.ok && enumOf(severity.node)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('follows anyOf branches and treats a schema that says nothing as open', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        either: {
          anyOf: [
            { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
            { type: 'object', properties: { b: { type: 'integer' } }, additionalProperties: false },
          ],
        },
        anything: {},
      },
      additionalProperties: false,
    };
    expect(resolve(schema, ['either', 'b'])).toMatchObject({
      ok: true,
      node: { schema: { type: 'integer' } },
    });
    expect(resolve(schema, ['either', 'c'])).toEqual({
      ok: false,
      message: 'either has no field c; it has a',
    });
    expect(resolve(schema, ['anything', 'deep', 0, 'er'])).toEqual({ ok: true, node: 'open' });
  });

  it('says why a value does not fit', () => {
    expect(valueProblem('x', { schema: { enum: ['a', 'b'] } }, 'kind')).toBe(
      '"x" is not allowed in kind (one of a, b)',
    );
    expect(valueProblem(1.5, { schema: { type: 'integer' } }, 'count')).toBe(
      '1.5 is a number; count takes an integer',
    );
    expect(valueProblem(2, { schema: { type: 'number' } }, 'ratio')).toBeUndefined();
    expect(valueProblem({ a: 1 }, 'open', 'x')).toBeUndefined();
  });
});

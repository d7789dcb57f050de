import { bodyShapeViolation } from './body-shape';

describe('bodyShapeViolation', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };

  it('accepts ordinary bodies and non-objects', () => {
    expect(bodyShapeViolation({ name: 'x', config: { a: [1, { b: 2 }] } })).toBeUndefined();
    expect(bodyShapeViolation(undefined)).toBeUndefined();
    expect(bodyShapeViolation('text')).toBeUndefined();
    expect(bodyShapeViolation(nested(64))).toBeUndefined();
    expect(bodyShapeViolation({ constructor: 'a string is data' })).toBeUndefined();
  });

  it('refuses bodies nested deeper than the limit, without recursing', () => {
    expect(bodyShapeViolation(nested(65))).toMatch(/deeper than 64 levels/);
    expect(bodyShapeViolation(nested(100_000))).toMatch(/deeper than 64 levels/);
    expect(bodyShapeViolation(nested(5), 4)).toMatch(/deeper than 4 levels/);
  });

  it('refuses prototype-pollution keys at any level', () => {
    expect(bodyShapeViolation(JSON.parse('{"__proto__":{"polluted":1}}'))).toMatch(/__proto__/);
    expect(bodyShapeViolation(JSON.parse('{"config":[{"__proto__":{}}]}'))).toMatch(/__proto__/);
    expect(bodyShapeViolation(JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'))).toMatch(
      /constructor\.prototype/,
    );
    expect(bodyShapeViolation(JSON.parse('{"a":{"constructor":{"prototype":1}}}'))).toMatch(/constructor/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

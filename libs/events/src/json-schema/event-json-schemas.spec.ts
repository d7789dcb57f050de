import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventJsonSchemas, eventTypes, formatFieldError, validateEvent } from '../index';
import { expectedErrors, invalidCorpus, validCorpus } from '../__fixtures__/corpus';
import { mutationsOf } from '../__fixtures__/mutations';
import { schemaFiles } from './schema-files';

const schemaDir = join(__dirname, '..', '..', 'schemas');

function compileAll(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  for (const [type, schema] of Object.entries(eventJsonSchemas())) compiled.set(type, ajv.compile(schema));
  return compiled;
}

describe('generated JSON Schemas', () => {
  const validators = compileAll();

  /** Validates with the schema of the event's own type; no schema for the type is a rejection. */
  function schemaAccepts(event: Record<string, unknown>): boolean {
    const validate = typeof event.type === 'string' ? validators.get(event.type) : undefined;
    return validate !== undefined && validate(event) === true;
  }

  it('are draft 2020-12 documents whose $id is the type dataschema', () => {
    const schema = eventJsonSchemas()['io.switchboard.ops.alert.triggered.v1'];
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(
      'https://schemas.switchboard.dev/events/io.switchboard.ops.alert.triggered.v1.json',
    );
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).not.toContain('#/definitions/');
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    expect(Object.keys(defs)).toEqual(['AlertData', 'ExternalRef', 'Link', 'ResourceRef']);
    for (const def of Object.values(defs)) expect(def.additionalProperties).toBe(false);
    const alert = defs.AlertData.properties as Record<string, Record<string, unknown>>;
    expect(alert.severity.enum).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(alert.links).toMatchObject({ type: 'array', items: { $ref: '#/$defs/Link' } });
    expect(defs.AlertData.required).toEqual(['dedupKey', 'status', 'severity', 'title']);
  });

  it('exist for every registered type and the corpus has a valid and an invalid event of each', () => {
    const types = eventTypes();
    expect(Object.keys(eventJsonSchemas()).sort()).toEqual([...types].sort());
    const typesOf = (entries: typeof validCorpus) => new Set(entries.map((entry) => entry.event.type));
    for (const type of types) {
      expect({ type, valid: typesOf(validCorpus).has(type) }).toEqual({ type, valid: true });
      expect({ type, invalid: typesOf(invalidCorpus).has(type) }).toEqual({ type, invalid: true });
    }
  });

  it.each(validCorpus.map((entry) => [entry.name, entry.event]))(
    'valid/%s.json is accepted by the classes and by the schema',
    (_name, event) => {
      const result = validateEvent(event);
      expect(result.ok ? [] : result.errors.map(formatFieldError)).toEqual([]);
      expect(schemaAccepts(event as Record<string, unknown>)).toBe(true);
    },
  );

  it.each(invalidCorpus.map((entry) => [entry.name, entry.event]))(
    'invalid/%s.json is rejected by the classes (with the expected error) and by the schema',
    (name, event) => {
      const result = validateEvent(event);
      expect(result.ok).toBe(false);
      const messages = result.ok ? [] : result.errors.map(formatFieldError);
      expect(messages).toContain(expectedErrors[name as string]);
      expect(schemaAccepts(event as Record<string, unknown>)).toBe(false);
    },
  );

  it('has an expected error for every invalid fixture', () => {
    expect(Object.keys(expectedErrors).sort()).toEqual(invalidCorpus.map((entry) => entry.name));
  });

  it('are up to date on disk (run npm run schemas)', () => {
    const expected = schemaFiles();
    const onDisk = existsSync(schemaDir)
      ? readdirSync(schemaDir).filter((file) => file.endsWith('.json'))
      : [];
    const stale = [
      ...[...expected.keys()].filter(
        (file) =>
          !onDisk.includes(file) || readFileSync(join(schemaDir, file), 'utf8') !== expected.get(file),
      ),
      ...onDisk.filter((file) => !expected.has(file)),
    ];
    if (stale.length > 0) {
      throw new Error(`libs/events/schemas is stale (${stale.join(', ')}): run npm run schemas`);
    }
  });
});

describe('generated JSON Schemas and class validation', () => {
  const validators = compileAll();

  it('agree on thousands of mutations of the valid corpus', () => {
    const disagreements: string[] = [];
    const mutations = mutationsOf(validCorpus);
    for (const [description, event] of mutations) {
      const validate = typeof event.type === 'string' ? validators.get(event.type) : undefined;
      const bySchema = validate !== undefined && validate(event) === true;
      const byClasses = validateEvent(event).ok;
      if (bySchema !== byClasses)
        disagreements.push(`${description}: schema ${bySchema}, classes ${byClasses}`);
    }
    expect(mutations.length).toBeGreaterThan(5000);
    expect(disagreements).toEqual([]);
  });
});

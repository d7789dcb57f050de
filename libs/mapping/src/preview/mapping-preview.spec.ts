import alertEvent from '../__fixtures__/alert-triggered.event.json';
import alertToTicket from '../__fixtures__/alert-to-ticket.mapping.json';
import { MappingCompiler } from '../compiler/mapping-compiler';
import { previewMapping } from './mapping-preview';

const compiler = new MappingCompiler();
const sampleWith = (data: Record<string, unknown>) => ({
  ...alertEvent,
  data: { ...alertEvent.data, ...data },
});

describe('mapping preview', () => {
  it('gives the output and no errors when the sample maps cleanly into a valid ticket.create input', async () => {
    const preview = await previewMapping(compiler.compile(alertToTicket), alertEvent);
    expect(preview.errors).toEqual([]);
    expect(preview.output).toMatchObject({ title: expect.any(String), priority: 'high', kind: 'incident' });
  });

  it('reports each failing field, keeps the others, and does not repeat a failed field through the output', async () => {
    const definition = {
      ...alertToTicket,
      fields: {
        ...alertToTicket.fields,
        labels: { expr: '$map($keys(data.labels), function($k) { $number($k) })' },
      },
    };
    const preview = await previewMapping(
      compiler.compile(definition),
      sampleWith({ dedupKey: null, severity: 'fatal' }),
    );
    expect(preview.errors).toEqual([
      { path: 'fields.priority', message: 'data.severity is "fatal", which the value map does not map' },
      { path: 'fields.alertRefs[0].dedupKey', message: 'is required, but data.dedupKey is missing' },
      {
        path: 'fields.labels',
        message: expect.stringMatching(/^expression failed: Unable to cast value to a number/),
      },
    ]);
    expect(preview.output).toMatchObject({
      title: expect.any(String),
      kind: 'incident',
      alertRefs: [{ episodeId: expect.any(String) }],
    });
  });

  it('validates the output against the target class', async () => {
    const preview = await previewMapping(
      compiler.compile(alertToTicket),
      sampleWith({ description: '', labels: { team: '' } }),
    );
    expect(preview.errors).toEqual([
      { path: 'output.description', message: 'must not be empty' },
      { path: 'output.assignmentGroup', message: 'must not be empty' },
    ]);
  });

  it('catches what only a run shows, such as JSONata collapsing a one-item list into a value', async () => {
    const definition = {
      ...alertToTicket,
      fields: { ...alertToTicket.fields, labels: { expr: '$keys(data.labels)' } },
    };
    const preview = await previewMapping(
      compiler.compile(definition),
      sampleWith({ labels: { team: 'db' } }),
    );
    expect(preview.output.labels).toBe('team');
    expect(preview.errors).toEqual([{ path: 'output.labels', message: 'must be an array' }]);
  });

  it('does not validate a free-form output', async () => {
    const compiled = compiler.compile({
      name: 'free',
      source: { shape: 'alert' },
      target: { free: true },
      fields: { anything: { from: 'description' } },
    });
    expect(await previewMapping(compiled, { description: '' })).toEqual({
      output: { anything: '' },
      errors: [],
    });
  });
});

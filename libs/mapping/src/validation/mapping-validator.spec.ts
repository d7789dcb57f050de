import { IsText } from '@switchboard/events';
import { MappingCatalog } from '../schema/mapping-catalog';
import { MappingCompiler } from '../compiler/mapping-compiler';
import alertToTicket from '../__fixtures__/alert-to-ticket.mapping.json';

const ALERT = 'io.switchboard.ops.alert.triggered.v1';
const compiler = new MappingCompiler();

/** The fixture mapping with some fields replaced (undefined removes one). */
function withFields(fields: Record<string, unknown>, base: Record<string, unknown> = alertToTicket.fields) {
  const merged = Object.fromEntries(
    Object.entries({ ...base, ...fields }).filter(([, rule]) => rule !== undefined),
  );
  return { ...alertToTicket, fields: merged };
}

const errorsOf = (definition: unknown) => compiler.validate(definition);

describe('mapping validation', () => {
  it('accepts the alert → ticket.create fixture', () => {
    expect(errorsOf(alertToTicket)).toEqual([]);
  });

  it('checks the structure with path-qualified messages', () => {
    expect(errorsOf('nope')).toEqual([{ path: 'definition', message: 'must be an object' }]);
    const errors = errorsOf({ name: '', source: 'alert', target: {}, fields: [], colour: 'blue' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'is not a known field' },
        expect.objectContaining({ path: 'name' }),
        { path: 'source', message: 'must be an object' },
        { path: 'target', message: 'give exactly one of command, shape, free' },
        expect.objectContaining({ path: 'fields' }),
      ]),
    );
  });

  it('names unknown sources and targets, with a hint when one is close', () => {
    const errors = errorsOf({
      ...alertToTicket,
      source: { event: 'io.switchboard.ops.alert.triggerd.v1' },
      target: { command: 'ticket.crate' },
    });
    expect(errors).toEqual([
      {
        path: 'source.event',
        message: `is not a registered event type: io.switchboard.ops.alert.triggerd.v1 (did you mean ${ALERT}?)`,
      },
      {
        path: 'target.command',
        message: 'is not a known command: ticket.crate (did you mean ticket.create?)',
      },
    ]);
    expect(errorsOf({ ...alertToTicket, source: { event: ALERT, shape: 'alert' } })).toEqual([
      { path: 'source', message: 'give exactly one of event, shape' },
    ]);
    expect(errorsOf({ ...alertToTicket, source: { shape: 'pager' } })[0]).toEqual({
      path: 'source.shape',
      message: expect.stringMatching(/^is not a known shape: pager \(known: alert, change, ci, /),
    });
  });

  it('reports an unknown source field at its rule, following $refs and nested properties', () => {
    expect(errorsOf(withFields({ description: { from: 'data.descripton' } }))).toEqual([
      {
        path: 'fields.description.from',
        message: 'unknown source field: data (AlertData) has no field descripton (did you mean description?)',
      },
    ]);
    expect(errorsOf(withFields({ assignmentGroup: { from: 'data.resource.hots' } }))).toEqual([
      {
        path: 'fields.assignmentGroup.from',
        message: 'unknown source field: data.resource (ResourceRef) has no field hots (did you mean host?)',
      },
    ]);
    expect(errorsOf(withFields({ description: { from: 'data.links.href' } }))[0]!.message).toMatch(
      /data.links is a list: address its items with \[n\] \(e.g. data.links\[0\].href\)/,
    );
    expect(errorsOf(withFields({ description: { from: 'data.title.text' } }))[0]!.message).toMatch(
      /data.title is a string, which has no field text/,
    );
  });

  it('accepts any key of a record (additionalProperties) and list items through [n]', () => {
    expect(
      errorsOf(
        withFields({
          description: { from: 'data.annotations.summary' },
          assignmentGroup: { from: 'data.links[0].title' },
          project: { from: 'data.labels["app.kubernetes.io/name"]' },
        }),
      ),
    ).toEqual([]);
    // A label key the record's propertyNames pattern can never hold.
    expect(errorsOf(withFields({ project: { from: 'data.labels["9 lives"]' } }))[0]).toEqual({
      path: 'fields.project.from',
      message: expect.stringMatching(/data.labels cannot have a key "9 lives": its keys match/),
    });
  });

  it('reports value-map gaps against the source enum, unless there is a default', () => {
    const partial = {
      from: 'data.severity',
      map: { critical: 'critical', high: 'high', medium: 'medium', low: 'low' },
    };
    expect(errorsOf(withFields({ priority: partial }))).toEqual([
      { path: 'fields.priority.map', message: 'does not map info; add it or a default' },
    ]);
    expect(
      errorsOf(withFields({ priority: { from: 'data.severity', map: { critical: 'critical' } } })),
    ).toEqual([
      { path: 'fields.priority.map', message: 'does not map high, medium, low, info; add them or a default' },
    ]);
    expect(errorsOf(withFields({ priority: { ...partial, default: 'low' } }))).toEqual([]);
  });

  it('refuses map values, defaults and constants the target enum does not allow, and keys the source never has', () => {
    const errors = errorsOf(
      withFields({
        priority: {
          from: 'data.severity',
          map: {
            critical: 'urgent',
            high: 'high',
            medium: 'medium',
            low: 'low',
            info: 'planning',
            warning: 'low',
          },
        },
        kind: { const: 'outage' },
        description: { from: 'data.description', default: 42 },
      }),
    );
    expect(errors).toEqual([
      { path: 'fields.description.default', message: '42 is an integer; description takes a string' },
      {
        path: 'fields.priority.map.critical',
        message: '"urgent" is not allowed in priority (one of critical, high, medium, low, planning)',
      },
      {
        path: 'fields.priority.map.warning',
        message: 'data.severity is never "warning" (it is one of critical, high, medium, low, info)',
      },
      {
        path: 'fields.kind.const',
        message: '"outage" is not allowed in kind (one of incident, service_request, problem, change, task)',
      },
    ]);
  });

  it('refuses copying an enum into a target enum that lacks some of its values, or a value of the wrong type', () => {
    expect(errorsOf(withFields({ priority: { from: 'data.severity' } }))).toEqual([
      {
        path: 'fields.priority.from',
        message:
          'data.severity can be info, which priority does not allow (one of critical, high, medium, low, planning); add a value map',
      },
    ]);
    expect(errorsOf(withFields({ description: { from: 'data.occurrenceCount' } }))).toEqual([
      {
        path: 'fields.description.from',
        message: 'data.occurrenceCount is an integer; description takes a string',
      },
    ]);
  });

  it('reports bad JSONata with the parser position and code', () => {
    expect(errorsOf(withFields({ labels: { expr: '$keys(data.labels' } }))).toEqual([
      {
        path: 'fields.labels.expr',
        message: 'is not valid JSONata: Expected ")" before end of expression at position 17 (S0203)',
      },
    ]);
  });

  it('checks template placeholders against the source and the target type', () => {
    expect(errorsOf(withFields({ title: { template: 'Alert {{data.titel}}' } }))).toEqual([
      {
        path: 'fields.title.template',
        message:
          'unknown source field in {{data.titel}}: data (AlertData) has no field titel (did you mean title?)',
      },
    ]);
    expect(errorsOf(withFields({ title: { template: 'Alert {{data.title' } }))).toEqual([
      { path: 'fields.title.template', message: 'has an unclosed {{ at position 6' },
    ]);
    expect(errorsOf(withFields({ labels: { template: '{{data.title}}' } }))).toEqual([
      { path: 'fields.labels.template', message: 'gives text; labels takes a list' },
    ]);
  });

  it('reports unknown target fields, overlaps, and required target fields never set', () => {
    const errors = errorsOf(
      withFields({
        title: undefined,
        summary: { from: 'data.title' },
        'alertRefs[0].dedupKey': undefined,
        alertRefs: { const: [] },
      }),
    );
    expect(errors).toEqual([
      {
        path: 'fields.summary',
        message: expect.stringMatching(
          /^unknown target field: ticket.create input \(TicketCreateInput\) has no field summary/,
        ),
      },
      {
        path: 'fields.alertRefs',
        message: 'sets the whole alertRefs, which fields.alertRefs[0].episodeId sets in part',
      },
      { path: 'fields.title', message: 'is required by ticket.create input and never set' },
      { path: 'fields.alertRefs[0].dedupKey', message: 'is required by alertRefs[0] and never set' },
    ]);
    // Inside an object the rules build, its own required fields count too (AlertRef needs dedupKey).
    expect(errorsOf(withFields({ 'alertRefs[0].dedupKey': undefined }))).toEqual([
      { path: 'fields.alertRefs[0].dedupKey', message: 'is required by alertRefs[0] and never set' },
    ]);
    expect(
      errorsOf(withFields({ 'assignee.email': { from: 'data.source' }, assignee: { const: { id: 'x' } } })),
    ).toEqual([
      {
        path: 'fields.assignee',
        message: 'sets the whole assignee, which fields.assignee.email sets in part',
      },
    ]);
  });

  it('refuses rules that are not exactly one kind, and options that would never apply', () => {
    expect(
      errorsOf(
        withFields({
          description: { from: 'data.description', const: 'x' },
          project: {},
          kind: { const: 'incident', default: 'task' },
          assignmentGroup: { expr: 'data.source', map: { a: 'b' } },
          status: 'open',
        }),
      ),
    ).toEqual([
      {
        path: 'fields.description',
        message: 'give exactly one of from, const, expr, template, not from and const',
      },
      { path: 'fields.kind.default', message: 'is never used: a const always gives a value' },
      {
        path: 'fields.assignmentGroup.map',
        message: 'needs from: a value map maps the value that from reads',
      },
      { path: 'fields.project', message: 'needs one of from, const, expr, template' },
      { path: 'fields.status', message: 'must be an object such as { "from": "data.title" }' },
    ]);
    expect(errorsOf(withFields({ description: { from: 42, required: 'yes' } }))).toEqual(
      expect.arrayContaining([
        { path: 'fields.description.from', message: 'must be a string' },
        { path: 'fields.description.required', message: 'must be a boolean value' },
      ]),
    );
  });

  it('refuses prototype-polluting paths and values', () => {
    expect(errorsOf(withFields({ 'constructor.prototype.polluted': { const: 1 } }))[0]).toEqual({
      path: 'fields.constructor.prototype.polluted',
      message: expect.stringMatching(/^is not a valid target path: must not use "constructor"/),
    });
    expect(errorsOf(withFields({ description: { from: 'data.__proto__' } }))[0]).toEqual({
      path: 'fields.description.from',
      message: expect.stringMatching(/^is not a valid path: must not use "__proto__"/),
    });
    const polluting = JSON.parse('{"kind":{"const":{"__proto__":{"polluted":true}}}}') as Record<
      string,
      unknown
    >;
    expect(errorsOf(withFields(polluting))).toEqual([
      { path: 'fields.kind.const.__proto__', message: 'is not allowed (prototype key)' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('checks nothing about a free-form target but its paths', () => {
    const free = {
      name: 'free',
      source: { shape: 'alert' },
      target: { free: true },
      fields: { 'anything.you.like': { from: 'title' }, 'list[0]': { const: 1 } },
    };
    expect(errorsOf(free)).toEqual([]);
    expect(errorsOf({ ...free, fields: { ...free.fields, __proto__x: { from: 'titel' } } })).toEqual([
      {
        path: 'fields.__proto__x.from',
        message: 'unknown source field: shape alert (AlertData) has no field titel (did you mean title?)',
      },
    ]);
  });

  it('finds commands and shapes registered later', () => {
    class SilenceInput {
      @IsText()
      matcher!: string;
    }
    const catalog = new MappingCatalog();
    catalog.registerCommand('silence.create', SilenceInput);
    const definition = {
      name: 'silence',
      source: { shape: 'alert' },
      target: { command: 'silence.create' },
      fields: { matcher: { template: 'alertname={{labels.alertname}}' } },
    };
    expect(new MappingCompiler({ catalog }).validate(definition)).toEqual([]);
    expect(compiler.validate(definition)[0]!.path).toBe('target.command');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidAs } from '@switchboard/events';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
// The events library's deterministic JSON mutations (test fixture, not part of its public surface).
import { mutationsOf } from '../../../events/src/__fixtures__/mutations';
import { IDENTITY_COMMANDS } from '../commands/identity.commands';
import { TICKETING_COMMANDS } from '../commands/ticketing.commands';
import type { SchemaClass } from './connector-manifest';
import { validateAgainstClass } from './schema-validation';

const eventData = (name: string) =>
  (
    JSON.parse(
      readFileSync(join(__dirname, '../../../events/src/__fixtures__/valid', `${name}.json`), 'utf8'),
    ) as { data: Record<string, unknown> }
  ).data;

const ticket = { system: 'redmine', instanceId: 'rm-prod', id: '42', url: 'https://rm.example/issues/42' };
const T = TICKETING_COMMANDS;
const I = IDENTITY_COMMANDS;

/** A valid value of each command's input and output; the mutations go from there. */
const SAMPLES: [string, SchemaClass<object>, Record<string, unknown>][] = [
  [
    'ticket.create input',
    T['ticket.create'].input,
    {
      title: 'Disk full on db01',
      description: '**Disk** at 97%',
      kind: 'incident',
      priority: 'high',
      status: 'new',
      project: 'itsm',
      assignee: { userName: 'alice', email: 'alice@example.org' },
      assignmentGroup: 'dba',
      customFields: { 'redmine.1': 'ALERT-123' },
      labels: ['disk', 'db'],
      alertRefs: [{ dedupKey: 'fp-1', episodeId: 'fp-1@2026-12-01T10:00:00.000Z' }],
    },
  ],
  ['ticket.create output', T['ticket.create'].output, { ticket, created: true }],
  [
    'ticket.update input',
    T['ticket.update'].input,
    {
      ticketId: '42',
      changes: { status: 'resolved', resolution: 'fixed', priority: 'low', labels: ['x'] },
      baseUpdatedAt: '2026-12-01T10:00:00.000Z',
    },
  ],
  ['ticket.update output', T['ticket.update'].output, { ticket, changed: ['status'] }],
  [
    'comment.add input',
    T['comment.add'].input,
    { ticketId: '42', body: 'Fired again', visibility: 'internal' },
  ],
  ['comment.add output', T['comment.add'].output, { ticket, commentId: '7', created: false }],
  ['ticket.get output', T['ticket.get'].output, { ticket: eventData('ticket-created') }],
  [
    'ticket.search input',
    T['ticket.search'].input,
    { query: 'disk', statuses: ['new', 'open'], updatedSince: '2026-12-01T10:00:00.000Z', limit: 50 },
  ],
  ['user.lookup input', I['user.lookup'].input, { by: 'email', value: 'alice@example.org' }],
  ['user.managers input', I['user.managers'].input, { by: 'userName', value: 'alice', depth: 3 }],
  ['user.groups output', I['user.groups'].output, { found: true, groups: [] }],
];

const classValidatorSays = (schemaClass: SchemaClass<object>, value: unknown) =>
  validateSync(plainToInstance(schemaClass, value as object, { enableImplicitConversion: false }), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  }).length === 0;

describe('validateAgainstClass', () => {
  it.each(SAMPLES)('accepts the sample %s', (_name, schemaClass, value) => {
    expect(validateAgainstClass(schemaClass, value, () => 'input')).toMatchObject({ ok: true });
  });

  it('answers as class-validator does on thousands of mutated command inputs and outputs', () => {
    const disagreements: string[] = [];
    let fastAnswers = 0;
    for (const [name, schemaClass, value] of SAMPLES) {
      for (const [description, mutated] of mutationsOf([{ name, event: value }])) {
        const expected = classValidatorSays(schemaClass, mutated);
        const instance = plainToInstance(schemaClass, mutated, { enableImplicitConversion: false });
        const fast = isValidAs(schemaClass, instance as Record<string, unknown>, true);
        if (fast === true) fastAnswers += 1;
        // The compiled rules may only say "valid" when class-validator agrees; a "no" or a
        // "cannot tell" goes to class-validator anyway.
        if (fast === true && !expected) disagreements.push(`${description}: compiled says valid`);
        if (validateAgainstClass(schemaClass, mutated, () => 'input').ok !== expected)
          disagreements.push(`${description}: validateAgainstClass disagrees`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(fastAnswers).toBeGreaterThan(100); // the fast path is really taken
  });
});

import { classJsonSchema } from '@switchboard/events';
import { validateAgainstClass } from '../manifest/schema-validation';
import { IDENTITY_COMMANDS } from './identity.commands';
import { TICKETING_COMMANDS } from './ticketing.commands';

describe('canonical connector commands', () => {
  it('have JSON Schemas for every input and output', () => {
    for (const command of [...Object.values(TICKETING_COMMANDS), ...Object.values(IDENTITY_COMMANDS)]) {
      expect(classJsonSchema(command.input).$ref).toBe(`#/$defs/${command.input.name}`);
      expect(classJsonSchema(command.output).$ref).toBe(`#/$defs/${command.output.name}`);
    }
  });

  it('accept a full ticket.create and refuse unknown fields, bad enums and un-namespaced custom fields', () => {
    const input = TICKETING_COMMANDS['ticket.create'].input;
    expect(
      validateAgainstClass(
        input,
        {
          title: 'Disk full on db01',
          description: '**Disk** at 97%',
          kind: 'incident',
          priority: 'high',
          assignee: { userName: 'alice' },
          customFields: { 'redmine.1': 'ALERT-123' },
          alertRefs: [{ dedupKey: 'fp-1', episodeId: 'fp-1@2026-12-01T10:00:00.000Z' }],
        },
        () => 'input',
      ).ok,
    ).toBe(true);
    const bad = validateAgainstClass(
      input,
      { title: 'x', priority: 'urgent', customFields: { externalId: 1 }, assignee: {}, color: 'red' },
      () => 'input',
    );
    expect(!bad.ok && bad.errors.map((e) => e.path).sort()).toEqual(
      ['input.assignee', 'input.color', 'input.customFields', 'input.priority'].sort(),
    );
  });

  it('require at least one change in ticket.update', () => {
    const result = validateAgainstClass(
      TICKETING_COMMANDS['ticket.update'].input,
      { ticketId: '42', changes: {} },
      () => 'input',
    );
    expect(!result.ok && result.errors).toEqual([
      { path: 'input.changes', message: 'must change at least one field' },
    ]);
  });

  it('look users up by a known key only', () => {
    const input = IDENTITY_COMMANDS['user.lookup'].input;
    expect(validateAgainstClass(input, { by: 'email', value: 'alice@example.org' }, () => 'input').ok).toBe(
      true,
    );
    expect(validateAgainstClass(input, { by: 'phone', value: '1' }, () => 'input').ok).toBe(false);
  });
});

import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { IsIn } from 'class-validator';
import {
  createEvent,
  eventJsonSchemas,
  eventTypes,
  getEventTypeDefinition,
  IsText,
  OptionalField,
  registerEventType,
  TicketData,
  TicketUpdatedData,
  validateEvent,
} from '../index';

class PageData {
  @IsText()
  service!: string;

  @OptionalField()
  @IsIn(['low', 'high'])
  urgency?: 'low' | 'high';
}

describe('event type registry', () => {
  it('knows every built-in domain, commands and the hub announcements included', () => {
    const types = eventTypes();
    expect(types).toHaveLength(43);
    expect(types).toEqual(
      expect.arrayContaining([
        'io.switchboard.ops.alert.triggered.v1',
        'io.switchboard.itsm.ticket.updated.v1',
        'io.switchboard.itsm.comment.added.v1',
        'io.switchboard.cmdb.relationship.deleted.v1',
        'io.switchboard.iam.group.membership_changed.v1',
        'io.switchboard.cloud.resource.observed.v1',
        'io.switchboard.itsm.change.approved.v1',
        'io.switchboard.ops.remediation.compensated.v1',
        'io.switchboard.orch.outcome.recorded.v1',
        'io.switchboard.cmd.resource.restart.v1',
        'io.switchboard.hub.instance.changed.v1',
        'io.switchboard.hub.mapping.changed.v1',
        'io.switchboard.hub.flow.changed.v1',
      ]),
    );
    expect(getEventTypeDefinition('io.switchboard.itsm.ticket.updated.v1')?.dataClass).toBe(
      TicketUpdatedData,
    );
    expect(getEventTypeDefinition('io.switchboard.itsm.ticket.created.v1')?.dataClass).toBe(TicketData);
  });

  it('registers a later domain: events of it are created, validated and get a JSON Schema', () => {
    const type = 'io.switchboard.oncall.page.sent.v1';
    const definition = registerEventType({ type, dataClass: PageData, description: 'A page was sent.' });
    expect(definition).toMatchObject({
      type,
      parsed: { domain: 'oncall', entity: 'page', verb: 'sent', major: 1 },
      dataschema: `https://schemas.switchboard.dev/events/${type}.json`,
    });
    expect(eventTypes()).toContain(type);

    const event = createEvent({
      type,
      source: '/connectors/pagerduty/pd-1',
      subject: 'svc-1',
      data: { service: 'api' },
    });
    expect(validateEvent(event).ok).toBe(true);
    expect(validateEvent({ ...event, data: { service: 'api', urgency: 'now' } })).toEqual({
      ok: false,
      errors: [{ path: 'data.urgency', message: 'must be one of low, high' }],
    });
    expect(eventJsonSchemas()[type]).toMatchObject({ properties: { data: { $ref: '#/$defs/PageData' } } });
  });

  it('is idempotent for the same class and refuses a second meaning for a type', () => {
    const type = 'io.switchboard.oncall.page.acknowledged.v1';
    const first = registerEventType({ type, dataClass: PageData });
    expect(registerEventType({ type, dataClass: PageData })).toBe(first);
    class OtherPageData {
      @IsText()
      id!: string;
    }
    expect(() => registerEventType({ type, dataClass: OtherPageData })).toThrow(SwitchboardError);
    try {
      registerEventType({ type, dataClass: OtherPageData });
    } catch (error) {
      expect((error as SwitchboardError).code).toBe(ErrorCode.Conflict);
    }
  });

  it('refuses a malformed type name', () => {
    expect(() => registerEventType({ type: 'oncall.page.sent', dataClass: PageData })).toThrow(
      'Invalid event type: must be io.switchboard.<domain>.<entity>.<verb>.v<major>, got "oncall.page.sent"',
    );
  });
});

import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { formatEventType, isCommandType, parseEventType } from '../index';

describe('parseEventType', () => {
  it('splits an event type into domain, entity, verb and major', () => {
    expect(parseEventType('io.switchboard.ops.alert.triggered.v1')).toEqual({
      domain: 'ops',
      entity: 'alert',
      verb: 'triggered',
      major: 1,
    });
    expect(parseEventType('io.switchboard.iam.group.membership_changed.v12')).toEqual({
      domain: 'iam',
      entity: 'group',
      verb: 'membership_changed',
      major: 12,
    });
  });

  it('parses commands with domain cmd', () => {
    expect(parseEventType('io.switchboard.cmd.resource.restart.v1')).toEqual({
      domain: 'cmd',
      entity: 'resource',
      verb: 'restart',
      major: 1,
    });
    expect(isCommandType('io.switchboard.cmd.resource.restart.v1')).toBe(true);
    expect(isCommandType('io.switchboard.ops.alert.triggered.v1')).toBe(false);
  });

  it('round-trips through formatEventType', () => {
    const type = 'io.switchboard.itsm.ticket.updated.v2';
    expect(formatEventType(parseEventType(type))).toBe(type);
  });

  it.each([
    'com.example.alert.triggered.v1',
    'io.switchboard.ops.alert.triggered',
    'io.switchboard.ops.alert.triggered.v0',
    'io.switchboard.ops.Alert.triggered.v1',
    'io.switchboard.ops.alert.v1',
    'io.switchboard.ops.alert.triggered.v1.extra',
    '',
  ])('throws a validation error for %j', (type) => {
    expect(() => parseEventType(type)).toThrow(SwitchboardError);
    try {
      parseEventType(type);
    } catch (error) {
      expect((error as SwitchboardError).code).toBe(ErrorCode.Validation);
      expect((error as SwitchboardError).fieldErrors).toEqual([
        {
          path: 'type',
          message: `must be io.switchboard.<domain>.<entity>.<verb>.v<major>, got ${JSON.stringify(type)}`,
        },
      ]);
    }
  });
});

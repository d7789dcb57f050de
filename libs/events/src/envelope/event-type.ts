import { SwitchboardError } from '@switchboard/errors';

/** `io.switchboard.<domain>.<entity>.<verb>.v<major>`; words are lower-case, `_` allowed. */
export const EVENT_TYPE_PATTERN =
  /^io\.switchboard\.([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\.v([1-9][0-9]*)$/;

/** The domain of commands: `io.switchboard.cmd.<entity>.<verb>.v1`. */
export const COMMAND_DOMAIN = 'cmd';

/** The parts of an event type name. */
export interface ParsedEventType {
  /** `ops`, `itsm`, `cmdb`, `iam`, `cloud`, `orch`; `cmd` for commands. */
  domain: string;
  entity: string;
  verb: string;
  major: number;
}

/**
 * Splits `io.switchboard.ops.alert.triggered.v1` into `{ domain: 'ops', entity: 'alert',
 * verb: 'triggered', major: 1 }`. Throws a `validation` SwitchboardError on anything else.
 */
export function parseEventType(type: string): ParsedEventType {
  const match = typeof type === 'string' ? EVENT_TYPE_PATTERN.exec(type) : null;
  if (!match) {
    const message = `must be io.switchboard.<domain>.<entity>.<verb>.v<major>, got ${JSON.stringify(type)}`;
    throw SwitchboardError.validation(`Invalid event type: ${message}`, [{ path: 'type', message }]);
  }
  return { domain: match[1], entity: match[2], verb: match[3], major: Number(match[4]) };
}

/** The inverse of {@link parseEventType}. */
export function formatEventType(parts: ParsedEventType): string {
  return `io.switchboard.${parts.domain}.${parts.entity}.${parts.verb}.v${parts.major}`;
}

/** True for command types (`io.switchboard.cmd.…`). */
export function isCommandType(type: string): boolean {
  return type.startsWith(`io.switchboard.${COMMAND_DOMAIN}.`);
}

import { SwitchboardError } from '@switchboard/errors';
import { parseEventType, type CloudEvent } from '@switchboard/events';
import { STREAMS, type StreamKey } from './bus.options';

/** NATS subject tokens may not contain separators, wildcards or whitespace. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

function token(value: string, what: string): string {
  if (!TOKEN.test(value)) {
    throw SwitchboardError.validation(`${what} "${value}" cannot be used in a subject`, [
      { path: what, message: 'must match [A-Za-z0-9_-]+' },
    ]);
  }
  return value;
}

/** `evt.<tenant>.<domain>.<entity>.<verb>` for a fact event. */
export function eventSubject(event: CloudEvent, defaultTenant = 'default'): string {
  const { domain, entity, verb } = parseEventType(event.type);
  if (domain === 'cmd') {
    throw SwitchboardError.validation(`${event.type} is a command: publish it with commandSubject()`, [
      { path: 'type', message: 'commands are addressed to an instance' },
    ]);
  }
  const tenant = token(event.tenantid ?? defaultTenant, 'tenantid');
  return `evt.${tenant}.${domain}.${entity}.${verb}`;
}

/** `cmd.<tenant>.<instanceId>.<action>`, where action is e.g. `ticket.create`. */
export function commandSubject(tenant: string, instanceId: string, action: string): string {
  const parts = action.split('.').map((part) => token(part, 'action'));
  return `cmd.${token(tenant, 'tenant')}.${token(instanceId, 'instanceId')}.${parts.join('.')}`;
}

/** Where a consumer's dead letters go: `dlq.<consumer>`. */
export function deadLetterSubject(consumer: string): string {
  return `dlq.${token(consumer, 'consumer')}`;
}

/** Which stream holds a subject or subject filter. */
export function streamForSubject(subject: string): StreamKey {
  const root = subject.split('.', 1)[0];
  const entry = (Object.keys(STREAMS) as StreamKey[]).find((key) =>
    STREAMS[key].subjects.some((pattern) => pattern.split('.', 1)[0] === root),
  );
  if (!entry) {
    throw SwitchboardError.validation(`subject "${subject}" belongs to no stream`, [
      { path: 'subject', message: 'must start with evt., cmd. or dlq.' },
    ]);
  }
  return entry;
}

/**
 * NATS wildcard matching (`*` one token, `>` the rest), used by the in-process bus so that both
 * implementations route the same subjects to the same consumers.
 */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

import { redactUrlCredentials } from '@switchboard/errors';
import { MsgHdrsImpl, type MsgHdrs } from '@nats-io/transport-node';

/** What NATS accepts in a header name: printable ASCII without the colon. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
/** A line break in a value would end the header early and inject the rest into the protocol. */
const LINE_BREAK = /[\r\n]/;

/**
 * NATS headers for a message. Built from the record in one go: `append` checks each name by
 * rebuilding it character by character and scans every name already added (quadratic in the ~15
 * ce-* headers of every event), a tenth of the bus's allocations. The same two checks run here.
 *
 * @throws Error naming the header when a name is not a valid header name or a value holds a line break
 */
export function toMsgHdrs(record: Record<string, string>): MsgHdrs {
  const values: Record<string, string[]> = {};
  for (const name in record) {
    const value = record[name]!;
    if (!HEADER_NAME.test(name)) throw new Error(`invalid NATS header name ${JSON.stringify(name)}`);
    if (LINE_BREAK.test(value)) throw new Error(`NATS header ${name}: a value cannot contain \\r or \\n`);
    values[name] = [value];
  }
  return MsgHdrsImpl.fromRecord(values);
}

/** The first value of every header of a message. */
export function fromMsgHdrs(h: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!h) return record;
  for (const [name, values] of h) record[name] = values[0] ?? '';
  return record;
}

/** The server list for a message, credentials hidden. */
export function redactServers(servers: string | string[]): string {
  return redactUrlCredentials(
    (Array.isArray(servers) ? servers : servers.split(',')).map((url) => url.trim()).join(','),
  );
}

import { redactUrlCredentials } from '@switchboard/errors';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

export function toMsgHdrs(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  // `append`, not `set`: the names are unique already, and `set` first scans every key to delete
  // a previous value (quadratic in the ~15 ce-* headers of every event).
  for (const name in record) h.append(name, record[name]!);
  return h;
}

export function fromMsgHdrs(h: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!h) return record;
  for (const name of h.keys()) record[name] = h.get(name);
  return record;
}

/** The server list for a message, credentials hidden. */
export function redactServers(servers: string | string[]): string {
  return redactUrlCredentials(
    (Array.isArray(servers) ? servers : servers.split(',')).map((url) => url.trim()).join(','),
  );
}

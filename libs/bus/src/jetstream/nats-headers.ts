import { redactUrlCredentials } from '@switchboard/errors';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

export function toMsgHdrs(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [name, value] of Object.entries(record)) h.set(name, value);
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

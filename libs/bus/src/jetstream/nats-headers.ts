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

/** `nats://user:secret@host` → `nats://user:***@host`, for every message that names a server. */
export function redactServers(servers: string | string[]): string {
  const list = Array.isArray(servers) ? servers : servers.split(',');
  return list.map((url) => url.trim().replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')).join(',');
}

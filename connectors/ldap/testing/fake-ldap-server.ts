import { createServer, type Server, type Socket } from 'node:net';

// A stand-in for a directory at the byte level, for specs of what the connector does when the
// server misbehaves (or merely when connections come and go). It answers binds and searches with
// success and no entries, and counts what it saw; `reply` replaces that behaviour.

/** What the fake does with one request: an answer, nothing, or closing the connection. */
export type FakeLdapReply = Buffer | 'silent' | 'close';

/** One LDAP request as read off the wire. */
export interface FakeLdapRequest {
  /** The message id's encoded bytes (echoed in answers). */
  messageId: Buffer;
  /** The protocol operation's tag: 0x60 bind, 0x63 search, 0x42 unbind, 0x77 extended. */
  operation: number;
}

export interface FakeLdapServer {
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Requests received so far, by operation tag. */
  readonly requests: FakeLdapRequest[];
  /** Connections currently open. */
  readonly open: number;
  /** Closes every open connection, as a server restart or an idle timeout would. */
  dropConnections(): void;
  close(): Promise<void>;
}

const SUCCESS = [0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]; // resultCode 0, matchedDN "", message ""

/** `LDAPMessage { messageId, [APPLICATION tag] LDAPResult success }`. */
export function ldapResult(request: FakeLdapRequest, tag: number, result: number[] = SUCCESS): Buffer {
  const body = Buffer.from([
    0x02,
    request.messageId.length,
    ...request.messageId,
    tag,
    result.length,
    ...result,
  ]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** The default behaviour: binds and searches succeed (searches find nothing). */
export function succeed(request: FakeLdapRequest): FakeLdapReply {
  if (request.operation === 0x60) return ldapResult(request, 0x61);
  if (request.operation === 0x63) return ldapResult(request, 0x65);
  return 'silent';
}

export async function startFakeLdapServer(
  reply: (request: FakeLdapRequest) => FakeLdapReply = succeed,
): Promise<FakeLdapServer> {
  const sockets = new Set<Socket>();
  const requests: FakeLdapRequest[] = [];
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      for (let message = nextMessage(buffered); message; message = nextMessage(buffered)) {
        buffered = buffered.subarray(message.length);
        requests.push(message.request);
        const answer = reply(message.request);
        if (answer === 'close') return void socket.destroy();
        if (answer !== 'silent') socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ldap://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    requests,
    get open() {
      return sockets.size;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first complete BER message of `buffer`: its total length and what it asks. */
function nextMessage(buffer: Buffer): { length: number; request: FakeLdapRequest } | undefined {
  if (buffer.length < 2 || buffer[0] !== 0x30) return undefined;
  let offset = 1;
  let length = buffer[offset++]!;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (buffer.length < offset + bytes) return undefined;
    length = buffer.subarray(offset, offset + bytes).reduce((value, byte) => value * 256 + byte, 0);
    offset += bytes;
  }
  if (buffer.length < offset + length) return undefined;
  const idLength = buffer[offset + 1]!;
  const messageId = Buffer.from(buffer.subarray(offset + 2, offset + 2 + idLength));
  return { length: offset + length, request: { messageId, operation: buffer[offset + 2 + idLength]! } };
}

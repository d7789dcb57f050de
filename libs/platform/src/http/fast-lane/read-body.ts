import type { IncomingMessage } from 'node:http';

/** Why a body could not be read. */
export type BodyReadFailure = 'too_large' | 'aborted';

/**
 * Reads a request body into one Buffer, refusing more than `limit` bytes: at once from the
 * Content-Length when the sender declares it, else as soon as the stream passes the limit (the
 * rest is drained, not buffered, so the answer can still be written).
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ ok: true; body: Buffer } | { ok: false; failure: BodyReadFailure }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, failure: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () =>
      resolve(over ? { ok: false, failure: 'too_large' } : { ok: true, body: Buffer.concat(chunks, size) }),
    );
    req.once('error', () => resolve({ ok: false, failure: 'aborted' }));
    req.once('aborted', () => resolve({ ok: false, failure: 'aborted' }));
  });
}

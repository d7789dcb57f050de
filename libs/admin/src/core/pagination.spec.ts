import { isSwitchboardError } from '@switchboard/errors';
import { decodeCreatedCursor, encodeCreatedCursor } from './pagination';

describe('created-at cursors', () => {
  it('round-trip a position', () => {
    const position = {
      createdAt: new Date('2026-11-22T07:15:43.123Z'),
      id: 'b39bae98-4b0f-4dd3-98f9-a7ded94cf63e',
    };
    const cursor = encodeCreatedCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCreatedCursor(cursor)).toEqual(position);
  });

  it.each(['bm9wZQ', 'e30', Buffer.from('{"t":"yesterday","i":"x"}').toString('base64url')])(
    'rejects %s as a validation error',
    (cursor) => {
      let error: unknown;
      try {
        decodeCreatedCursor(cursor);
      } catch (caught) {
        error = caught;
      }
      expect(isSwitchboardError(error) && error.fieldErrors?.[0]?.path).toBe('cursor');
    },
  );
});

import { extractVendorError } from './vendor-error-message';

describe('extractVendorError', () => {
  it('reads Jira bodies: errorMessages plus per-field errors', () => {
    const jira = {
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {
        summary: 'You must specify a summary of the issue.',
        priority: 'Priority name "Urgent" is not valid',
      },
    };
    expect(extractVendorError(jira)).toEqual({
      message:
        'Issue does not exist or you do not have permission to see it.; summary: You must specify a summary of the issue.; priority: Priority name "Urgent" is not valid',
      fieldErrors: [
        { path: 'summary', message: 'You must specify a summary of the issue.' },
        { path: 'priority', message: 'Priority name "Urgent" is not valid' },
      ],
    });
  });

  it.each([
    [
      {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
      },
      'Validation Failed; title: missing_field',
    ],
    [
      { error: { message: 'Invalid table', detail: 'Table incident_x does not exist' }, status: 'failure' },
      'Invalid table: Table incident_x does not exist',
    ],
    [{ error: 'invalid_grant', error_description: 'Token has expired' }, 'invalid_grant: Token has expired'],
    [{ ok: false, error: 'channel_not_found' }, 'channel_not_found'],
    [{ errors: ['first problem', 'second problem'] }, 'first problem; second problem'],
    [{ type: 'about:blank', title: 'Bad Request', detail: 'priority must be 1-5' }, 'priority must be 1-5'],
    [{ errors: { subject: ['cannot be blank'] } }, 'subject: cannot be blank'],
    ['<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', '502 Bad Gateway'],
    ['  plain\n text  ', 'plain text'],
    ['{"message":"json as text"}', 'json as text'],
    [Buffer.from('{"message":"json as bytes"}'), 'json as bytes'],
    [[{ message: 'top-level array' }], 'top-level array'],
  ])('%j → %j', (body, expected) => {
    expect(extractVendorError(body).message).toBe(expected);
  });

  it('says nothing when there is nothing to say', () => {
    expect(extractVendorError(undefined)).toEqual({ message: undefined, fieldErrors: [] });
    expect(extractVendorError({ unrelated: 1 })).toEqual({ message: undefined, fieldErrors: [] });
    expect(extractVendorError('')).toEqual({ message: undefined, fieldErrors: [] });
  });

  it('truncates long messages', () => {
    const message = extractVendorError({ message: 'x'.repeat(2000) }, 100).message!;
    expect(message).toHaveLength(100);
    expect(message.endsWith('…')).toBe(true);
  });

  it('maps JSON:API source pointers to field paths', () => {
    expect(
      extractVendorError({
        errors: [{ detail: 'is too short', source: { pointer: '/data/attributes/title' } }],
      }),
    ).toEqual({
      message: '/data/attributes/title: is too short',
      fieldErrors: [{ path: '/data/attributes/title', message: 'is too short' }],
    });
  });
});

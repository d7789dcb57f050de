import { maskSecrets, secretSpellings } from './secret-spellings';

describe('secretSpellings', () => {
  const spellings = secretSpellings({
    manifest: {
      auth: [{ type: 'basic', usernameField: 'username', passwordSecret: 'password' }],
      webhook: { auth: [{ type: 'basic', usernameSecret: 'hookUser', passwordSecret: 'hookPassword' }] },
    },
    config: { username: 'svc' },
    secretSets: [
      { password: 'p@ss word/1', hookUser: 'alertmanager', hookPassword: 'hook-pass-42', short: 'abc' },
      { password: 'wrong-password' },
    ],
  });
  const texts = spellings.map((spelling) => spelling.text);

  it('covers each secret as is, URL- and JSON-encoded and base64, good and bad credentials alike', () => {
    expect(texts).toEqual(
      expect.arrayContaining([
        'p@ss word/1',
        encodeURIComponent('p@ss word/1'),
        'p%40ss+word%2F1',
        Buffer.from('p@ss word/1').toString('base64'),
        'wrong-password',
      ]),
    );
  });

  it('covers the Basic credentials of outbound auth (user from config) and of webhooks', () => {
    expect(texts).toContain(Buffer.from('svc:p@ss word/1').toString('base64'));
    expect(texts).toContain(Buffer.from('alertmanager:hook-pass-42').toString('base64'));
    expect(spellings.find((s) => s.text === Buffer.from('svc:p@ss word/1').toString('base64'))).toMatchObject(
      {
        field: 'username:password',
        form: 'base64 of user:password (Basic auth)',
      },
    );
  });

  it('leaves out values too short to be told apart from ordinary text', () => {
    expect(texts).not.toContain('abc');
  });

  it('masks every spelling in a text by field and form', () => {
    expect(maskSecrets(`token=${encodeURIComponent('p@ss word/1')}`, spellings)).toBe(
      'token=[secret password (percent-encoded)]',
    );
  });
});

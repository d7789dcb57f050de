import { formatGeneralizedTime, generalizedTimeToIso, parseGeneralizedTime } from './generalized-time';

describe('GeneralizedTime (modifyTimestamp)', () => {
  it.each([
    ['20261201142009Z', '2026-12-01T14:20:09Z'], // OpenLDAP
    ['20261201142009.0Z', '2026-12-01T14:20:09Z'], // Active Directory
    ['20261201142009.123Z', '2026-12-01T14:20:09.123Z'],
    ['20261201142009,5Z', '2026-12-01T14:20:09.500Z'],
    ['202612011420Z', '2026-12-01T14:20:00Z'],
    ['2026120114Z', '2026-12-01T14:00:00Z'],
    ['2026120114.5Z', '2026-12-01T14:30:00Z'], // a fraction of the hour
    ['20261201162009+0200', '2026-12-01T14:20:09Z'],
    ['20261201092009-05', '2026-12-01T14:20:09Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(generalizedTimeToIso(text)).toBe(iso);
  });

  it.each(['', '2026-12-01T14:20:09Z', '20261301142009Z', '20261201142009', 'now', '20261201246009Z'])(
    'refuses %p',
    (text) => {
      expect(parseGeneralizedTime(text)).toBeUndefined();
    },
  );

  it('writes the UTC form filters take, with milliseconds only when there are some', () => {
    expect(formatGeneralizedTime(Date.parse('2026-12-01T14:20:09Z'))).toBe('20261201142009Z');
    expect(formatGeneralizedTime(Date.parse('2026-12-01T14:20:09.040Z'))).toBe('20261201142009.040Z');
    expect(formatGeneralizedTime(0)).toBe('19700101000000Z');
    const text = '20261201142009.123Z';
    expect(formatGeneralizedTime(parseGeneralizedTime(text)!)).toBe(text);
  });
});

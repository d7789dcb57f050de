import {
  AndFilter,
  EqualityFilter,
  FilterParser,
  GreaterThanEqualsFilter,
  OrFilter,
  PresenceFilter,
  type Filter,
} from 'ldapts';
import type { LdapConfig } from './ldap.config';

// Search filters as ldapts filter objects, never as concatenated strings: a value goes into the
// request as an assertion value (BER-encoded), so `*)(uid=*` is looked up as those nine
// characters and cannot widen the search. Their `toString()` (in messages) is RFC 4515-escaped.

/** `(attribute=value)`, the value taken literally. */
export function equals(attribute: string, value: string): Filter {
  return new EqualityFilter({ attribute, value });
}

/** `(|…)`, or the one filter itself. */
export function anyOf(filters: readonly Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : new OrFilter({ filters: [...filters] });
}

/** `(&…)`, or the one filter itself. */
export function allOf(filters: readonly Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : new AndFilter({ filters: [...filters] });
}

/** Matches every entry (for base-scope reads). */
export const ANY_ENTRY: Filter = new PresenceFilter({ attribute: 'objectClass' });

/** The instance's users: its object class, its extra filter, and `also`. */
export function usersMatching(config: LdapConfig, ...also: Filter[]): Filter {
  return allOf([
    equals('objectClass', config.userObjectClass),
    ...(config.usersFilter ? [FilterParser.parseString(config.usersFilter.trim())] : []),
    ...also,
  ]);
}

/** The instance's groups (any of their object classes) and `also`. */
export function groupsMatching(config: LdapConfig, ...also: Filter[]): Filter {
  return allOf([
    anyOf(config.groupObjectClasses.map((objectClass) => equals('objectClass', objectClass))),
    ...also,
  ]);
}

/** `(modifyTimestamp>=<time>)`: entries written at or after `time` (GeneralizedTime). */
export function modifiedSince(generalizedTime: string): Filter {
  return new GreaterThanEqualsFilter({ attribute: 'modifyTimestamp', value: generalizedTime });
}

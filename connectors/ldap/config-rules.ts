import { X509Certificate } from 'node:crypto';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { FilterParser } from 'ldapts';
import { attributeMapProblem } from './attribute-map';
import { looksLikeDn } from './distinguished-names';

// Rules of the config class that class-validator has no decorator for. Messages complete
// "<field> …" and never echo the value (a misplaced secret must not end up in an error).

/** Registers a rule whose `problem` returns why the value is wrong, or undefined. */
function rule(
  name: string,
  problem: (value: unknown, object: Record<string, unknown>) => string | undefined,
): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyKey as string,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          problem(value, (args?.object ?? {}) as Record<string, unknown>) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          problem(args?.value, (args?.object ?? {}) as Record<string, unknown>) ?? 'is invalid',
      },
    });
}

/** `ldap://host[:port]` or `ldaps://host[:port]`: no DN, filter or credentials in the URL. */
export function IsLdapUrl(): PropertyDecorator {
  return rule('isLdapUrl', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return 'must be an ldap:// or ldaps:// URL, e.g. ldaps://ldap.example.com:636';
    }
    if (url.protocol !== 'ldap:' && url.protocol !== 'ldaps:')
      return 'must be an ldap:// or ldaps:// URL, e.g. ldaps://ldap.example.com:636';
    if (url.hostname === '') return 'must name a host';
    if (url.username !== '' || url.password !== '')
      return 'must not carry credentials: set bindDn and the bindPassword secret';
    if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
      return 'must be only scheme, host and port: set the base DNs in usersBaseDn and groupsBaseDn';
    return undefined;
  });
}

/** A distinguished name (`ou=people,dc=example,dc=org`). */
export function IsDn(): PropertyDecorator {
  return rule('isDn', (value) =>
    typeof value === 'string' && looksLikeDn(value)
      ? undefined
      : 'must be a DN, e.g. ou=people,dc=example,dc=org',
  );
}

/** An RFC 4515 filter in parentheses, as ldapsearch takes it. */
export function IsLdapFilter(): PropertyDecorator {
  const expected = 'must be an LDAP filter in parentheses (RFC 4515), e.g. (!(employeeType=contractor))';
  return rule('isLdapFilter', (value) => {
    if (typeof value !== 'string' || !value.trim().startsWith('(')) return expected;
    // Parentheses in values are escaped (\28, \29), so a literal count finds unbalanced ones,
    // which ldapts' parser lets through when a (& … group is left open.
    let depth = 0;
    for (const char of value) {
      depth += char === '(' ? 1 : char === ')' ? -1 : 0;
      if (depth < 0) return `${expected}: its parentheses do not balance`;
    }
    if (depth !== 0) return `${expected}: its parentheses do not balance`;
    try {
      FilterParser.parseString(value.trim());
      return undefined;
    } catch {
      // The parser's message repeats the filter: the rule is never to echo a value.
      return expected;
    }
  });
}

/** One or more PEM certificates that Node can read. */
export function IsPemCertificates(): PropertyDecorator {
  return rule('isPemCertificates', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    const blocks = value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    if (!blocks) return 'must hold PEM certificates (-----BEGIN CERTIFICATE----- …)';
    for (const [index, block] of blocks.entries()) {
      try {
        new X509Certificate(block);
      } catch {
        return `certificate ${index + 1} is not a readable X.509 certificate`;
      }
    }
    return undefined;
  });
}

/** The `attributes` map: known roles to LDAP attribute names. */
export function IsAttributeMap(): PropertyDecorator {
  return rule('isAttributeMap', (value) => attributeMapProblem(value));
}

/** Only with a TLS connection: ldaps:// or startTls. */
export function OnlyWithTls(): PropertyDecorator {
  return rule('onlyWithTls', (value, object) =>
    value === undefined || String(object.url).startsWith('ldaps:') || object.startTls === true
      ? undefined
      : 'only applies to TLS connections: use an ldaps:// url or set startTls',
  );
}

/** Not with an ldaps:// URL, which is TLS from the first byte. */
export function NotWithLdaps(): PropertyDecorator {
  return rule('notWithLdaps', (value, object) =>
    value !== true || !String(object.url).startsWith('ldaps:')
      ? undefined
      : 'must not be set with an ldaps:// url, which is TLS already',
  );
}

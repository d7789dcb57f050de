// Comparing distinguished names as directories do, without a full RFC 4514 parser: the same
// entry is spelt `uid=Bob, ou=People,dc=example,dc=org` in one attribute and
// `uid=bob,ou=people,dc=example,dc=org` in another (naming attributes match case-insensitively).

/** Splits on `separator` where it is not escaped with a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/**
 * A comparison key for a DN: attribute types and values lower-cased, spaces around `,`, `+` and
 * `=` dropped, multi-valued RDNs sorted. Two spellings of one DN give the same key.
 */
export function dnKey(dn: string): string {
  return splitUnescaped(dn.trim(), ',')
    .map((rdn) =>
      splitUnescaped(rdn, '+')
        .map((pair) => {
          const [type = '', ...value] = splitUnescaped(pair, '=');
          return `${type.trim().toLowerCase()}=${value.join('=').trim().toLowerCase()}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}

/** True when `dn` is `base` or below it. */
export function isWithin(dn: string, base: string): boolean {
  const entry = dnKey(dn);
  const root = dnKey(base);
  return root === '' || entry === root || entry.endsWith(`,${root}`);
}

/** Looks like a DN (`attr=value[,…]`) rather than a name, a UUID or an e-mail address. */
export function looksLikeDn(value: string): boolean {
  return /^\s*[A-Za-z][A-Za-z0-9-]*\s*=/.test(value) || /^\s*\d+(\.\d+)+\s*=/.test(value);
}

/**
 * The DN of a `uniqueMember` value: RFC 4517 NameAndOptionalUID may append `#'0101'B` to tell
 * apart re-used names; the hub only needs the name.
 */
export function withoutOptionalUid(value: string): string {
  return value.replace(/#'[01]*'B$/, '');
}

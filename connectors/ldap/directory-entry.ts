import type { Entry } from 'ldapts';

/**
 * An entry as the directory returned it, read defensively: attribute names match
 * case-insensitively (servers answer `entryuuid` for `entryUUID`), every attribute is a list of
 * non-blank strings, and values that are not text (binary, not UTF-8) are left out.
 */
export class DirectoryEntry {
  readonly #values = new Map<string, string[]>();

  constructor(
    readonly dn: string,
    attributes: Readonly<Record<string, readonly string[]>> = {},
  ) {
    for (const [name, values] of Object.entries(attributes)) {
      const key = name.toLowerCase();
      const kept = values.map((value) => value.trim()).filter((value) => value !== '');
      this.#values.set(key, [...(this.#values.get(key) ?? []), ...kept]);
    }
  }

  /** From an ldapts search entry. */
  static fromLdapts(entry: Entry): DirectoryEntry {
    const attributes: Record<string, string[]> = {};
    for (const [name, raw] of Object.entries(entry)) {
      if (name === 'dn') continue;
      const list = Array.isArray(raw) ? raw : [raw];
      attributes[name] = list.filter((value): value is string => typeof value === 'string');
    }
    return new DirectoryEntry(typeof entry.dn === 'string' ? entry.dn : '', attributes);
  }

  /** Every value of `attribute` (empty when absent). */
  values(attribute: string): string[] {
    return this.#values.get(attribute.toLowerCase()) ?? [];
  }

  /** The first value of `attribute`, for single-valued fields. */
  first(attribute: string): string | undefined {
    return this.values(attribute)[0];
  }

  /** True when the entry has this object class (case-insensitive). */
  hasObjectClass(objectClass: string): boolean {
    const wanted = objectClass.toLowerCase();
    return this.values('objectClass').some((value) => value.toLowerCase() === wanted);
  }

  /** As plain JSON (fixtures, logs). */
  toJSON(): { dn: string; attributes: Record<string, string[]> } {
    return { dn: this.dn, attributes: Object.fromEntries(this.#values) };
  }
}

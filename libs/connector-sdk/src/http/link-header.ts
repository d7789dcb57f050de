/** One link of an RFC 8288 `Link` header. */
export interface WebLink {
  /** As written between `<` and `>`; may be relative to the request URL. */
  target: string;
  /** Relation types, lower-cased (`rel="next last"` gives two). */
  rels: string[];
}

const LINK = /<([^>]*)>([^<]*)/g;
const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/** Parses a `Link` header: `<https://api/x?page=2>; rel="next", <https://api/x?page=9>; rel="last"`. */
export function parseLinkHeader(header: string | undefined): WebLink[] {
  if (!header) return [];
  const links: WebLink[] = [];
  for (const match of header.matchAll(LINK)) {
    const rel = REL.exec(match[2]);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ target: match[1].trim(), rels });
  }
  return links;
}

/** The `rel="next"` target of a `Link` header, resolved against the URL of the response. */
export function nextLink(header: string | undefined, responseUrl: string): URL | undefined {
  const link = parseLinkHeader(header).find((candidate) => candidate.rels.includes('next'));
  return link ? new URL(link.target, responseUrl) : undefined;
}

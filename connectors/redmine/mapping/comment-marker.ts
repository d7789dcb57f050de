// comment.add is made idempotent by a marker in the note itself (Redmine journals have nowhere
// else to carry one): an HTML comment on its own last paragraph, which Redmine's Textile,
// Markdown and CommonMark renderers all leave out of the page, so people never see it.

const MARKED_NOTE = /(?:\r?\n)*<!-- (sb-[0-9a-f]{24}) -->\s*$/;

/** The note as written, with the idempotency marker appended. */
export function withCommentMarker(notes: string, marker: string): string {
  return `${notes}\n\n<!-- ${marker} -->`;
}

/** The marker a note carries, if the hub wrote it. */
export function commentMarkerOf(notes: string): string | undefined {
  return MARKED_NOTE.exec(notes)?.[1];
}

/** The note without the hub's marker: what was asked to be written. */
export function stripCommentMarker(notes: string): string {
  return notes.replace(MARKED_NOTE, '');
}

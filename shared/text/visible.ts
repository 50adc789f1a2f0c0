// Text from an export (a person's name, a tenant, a file name) printed to a terminal must not drive
// the terminal: an escape sequence can clear the screen or retitle the window, and a bidirectional
// control can make a line read differently from what it holds. Such characters are shown escaped.

/**
 * The characters a terminal obeys rather than shows: C0 controls but the newline (the layout's own),
 * DEL and C1, the line and paragraph separators, and the bidirectional marks, embeddings, overrides
 * and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069). The same classes the CSV reader
 * refuses in a cell (FORBIDDEN in shared/csv/values.ts, built from SEPARATORS_AND_BIDI too).
 */
/** The line and paragraph separators and the bidirectional controls, as a character-class range (the CSV reader refuses them too). */
export const SEPARATORS_AND_BIDI = '\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';
const CONTROL = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f${SEPARATORS_AND_BIDI}]`, 'gu');

const escaped = (char: string) => {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** The text with each control character as an escape (`\x1b`, `\u202e`); anything else as it is. */
export function visible(text: string): string {
  return text.replace(CONTROL, escaped);
}

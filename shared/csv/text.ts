// How a CSV file's text is read before it is parsed: its encoding (the names stored with a snapshot's
// files) and its delimiter, detected from the header line the same way for the preview and the import.

/** Encodings the importer reads: UTF-8 (with or without BOM), UTF-16 by BOM, else Windows-1252. */
export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODING_LABELS: Readonly<Record<TextEncodingId, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
};

/** How an encoding id reads for a person ("UTF-16 LE"); an unknown id as it is. */
export function encodingLabel(id: string): string {
  return (ENCODING_LABELS as Record<string, string>)[id] ?? id;
}

/** The delimiters a file may use, in the order a tie is decided. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Whether text holds nothing but white space (what String.prototype.trim removes) and the four
 * delimiters. A line before the header made only of such text (`,,` or ` ; `, whatever the file's
 * delimiter) is blank: detectDelimiter passes over it, and the reader (csv-read.ts) skips it.
 */
export function isFiller(text: string): boolean {
  return FILLER.test(text);
}
const FILLER = /^[\s,;\t|]*$/;
const WHITE_SPACE = /\s/;

/**
 * The delimiter of a file from its first non-blank line (the header, see isFiller): the one of `,`
 * `;` tab `|` that occurs most often outside quotes; a tie goes to the earlier in that list, none at
 * all to `,`. `text` has its line breaks as `\n`; a quoted header cell may span lines.
 */
export function detectDelimiter(text: string): string {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Inside quotes a doubled quote is a quote character: content.
      if (quoted && text[i + 1] === '"') {
        content = true;
        i++;
      } else quoted = !quoted;
      continue;
    }
    if (c === '\n' && !quoted) {
      if (content) break;
      counts.fill(0); // a blank line's delimiters are not the header's
      continue;
    }
    const at = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
    if (at === -1 && !WHITE_SPACE.test(c)) content = true;
    else if (at !== -1 && !quoted) counts[at]++;
  }
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return DELIMITERS[best];
}

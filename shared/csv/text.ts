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
 * The delimiter of a file from its first non-blank line (the header): the one of `,` `;` tab `|`
 * that occurs most often outside quotes; a tie goes to the earlier in that list, none at all to `,`.
 * `text` has its line breaks as `\n`; a quoted header cell may span lines.
 */
export function detectDelimiter(text: string): string {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quoted = !quoted;
      content = true;
      continue;
    }
    if (quoted) continue;
    if (c === '\n') {
      if (content) break;
      continue;
    }
    const at = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
    if (at !== -1) counts[at]++;
    if (c !== ' ' && c !== '\t' && c !== '\uFEFF') content = true;
    else if (c === '\t') content = true;
  }
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return DELIMITERS[best];
}

// Aligned plain-text tables for a terminal, a pipe or a file.
//
// Nothing a person must read or copy is cut. A column is a key (an email, a permission, a role, a
// scope path) or not: a key is printed whole, always; any other column wraps onto further lines
// when the table is wider than the terminal. When even the keys do not fit side by side, each row
// is printed as a short block, one column a line. With no width (stdout is a pipe or a file and
// COLUMNS is not set) the table is as wide as its content.

import stringWidth from 'string-width';
import { visible } from '../../shared/text/visible';

const GAP = '  ';

/** How wide the output may be: a number of columns, or undefined for no limit (a pipe, a file). */
export interface Layout {
  width: number | undefined;
}

/**
 * The width text goes out at: the terminal's when stdout is one, else COLUMNS when it is set to a
 * number (a script asking for a width), else no limit, so that a pipe or a file gets every line whole.
 */
export function outputWidth(
  stdout: { isTTY?: boolean; columns?: number } = process.stdout,
  env: Record<string, string | undefined> = process.env,
): number | undefined {
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** The layout of text going to this process's stdout. */
export const defaultLayout = (): Layout => ({ width: outputWidth() });

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const TEXT_STYLE_EMOJI = /^\p{Emoji}$/u;
const EMOJI_STYLE = /\p{Emoji_Presentation}|\uFE0F/u;

/**
 * The columns a text takes in a terminal, by string-width: wide (CJK, emoji) characters count 2,
 * combining marks 0. One correction: a lone symbol that is an emoji only in emoji style (✔, ✖, ❤
 * without U+FE0F) is drawn one column wide by terminals, so it counts 1 (string-width counts 2).
 */
export function displayWidth(text: string): number {
  // Nearly all text (ASCII, accented Latin letters, dashes, "·", "…", box drawing) is one column a
  // character: counted at once, not segmented (a 4,000-row table measured segment by segment took seconds).
  if (ONE_COLUMN_EACH.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (
      segment.length <= 2 &&
      [...segment].length === 1 &&
      TEXT_STYLE_EMOJI.test(segment) &&
      !EMOJI_STYLE.test(segment) &&
      !/^[0-9#*]$/.test(segment)
    )
      width += 1;
    else width += stringWidth(segment);
  }
  return width;
}

/** Characters string-width counts one column each (no combining marks, soft hyphen, wide forms or emoji among them: a test checks each). */
const ONE_COLUMN_EACH =
  /^[\u0020-\u007e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e\u2500-\u257f]*$/;

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A table column: its header; whether it is a key (never cut, never wrapped); whether it may be left out to fit. */
export interface Column {
  header: string;
  key?: boolean;
  optional?: boolean;
}

/** A key column: an email, a permission, a role, a path; printed whole. */
export const key = (header: string): Column => ({ header, key: true });

/** A column that may be left out, with a note, when the table does not fit the width otherwise. */
export const optional = (header: string): Column => ({ header, optional: true });

/** The text broken into lines of at most `width` columns: at spaces, or inside a word longer than the width. */
function wrapCell(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') push();
    if (displayWidth(word) <= width) {
      line = word;
      continue;
    }
    // A word wider than the column goes on, whole, over the next lines.
    for (const { segment } of graphemes.segment(word)) {
      if (line !== '' && displayWidth(line + segment) > width) push();
      line += segment;
    }
  }
  lines.push(line);
  return lines;
}

/** The longest a single word is kept whole in a wrapping column; a longer one is broken. */
const LONG_WORD = 24;

/** Column widths that fit the width (keys whole, others wrapped no narrower than a word), or null. */
function fit(cols: Column[], headers: string[], rows: string[][][], width: number | undefined): number[] | null {
  const natural = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => Math.max(...r[i].map(displayWidth)))));
  if (width === undefined) return natural;
  const widths = [...natural];
  const gaps = GAP.length * (cols.length - 1);
  const total = () => widths.reduce((a, b) => a + b, 0) + gaps;
  const least = natural.map((w, i) => {
    if (cols[i].key) return w;
    const word = Math.max(0, ...rows.flatMap((r) => r[i].flatMap((line) => line.split(' ').map(displayWidth))));
    return Math.min(w, Math.max(displayWidth(headers[i]), Math.min(word, LONG_WORD), 4));
  });
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i] > least[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
    if (widest < 0) return null;
    widths[widest]--;
  }
  return widths;
}

/**
 * The rows under their headers, aligned. `cells` may hold line breaks (a list, one item a line).
 * At a width, columns that are not keys wrap; if the table is still too wide, optional columns are
 * left out (from the right, with a note saying so); if even that is not enough, each row is printed
 * as a block, one column a line. Keys are printed whole, always. No width: every cell on one line.
 */
export function formatTable(columns: (Column | string)[], cells: string[][], layout: Layout = defaultLayout()): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  // Escaped before measuring, so the columns line up with what the terminal shows.
  const headers = cols.map((c) => visible(c.header));
  const rows = cells.map((row) => cols.map((_, i) => visible(row[i] ?? '').split('\n')));
  const { width } = layout;
  let shown = cols.map((_, i) => i);
  let widths = fit(cols, headers, rows, width);
  for (let drop = cols.length - 1; widths === null && drop >= 0; drop--) {
    if (!cols[drop].optional) continue;
    shown = shown.filter((i) => i !== drop);
    widths = fit(
      shown.map((i) => cols[i]),
      shown.map((i) => headers[i]),
      rows.map((r) => shown.map((i) => r[i])),
      width,
    );
  }
  // Only at a width can nothing fit (with no width every column is as wide as its content).
  if (widths === null) return stacked(cols, headers, rows, width ?? Infinity);
  const w = widths;
  const line = (parts: string[]) =>
    parts
      .map((c, i) => (i === parts.length - 1 ? c : pad(c, w[i])))
      .join(GAP)
      .trimEnd();
  const body = rows.flatMap((row) => {
    const wrapped = shown.map((col, i) => (cols[col].key ? row[col] : row[col].flatMap((l) => wrapCell(l, w[i]))));
    const height = Math.max(...wrapped.map((c) => c.length));
    return Array.from({ length: height }, (_, k) => line(wrapped.map((c) => c[k] ?? '')));
  });
  const left = cols.filter((_, i) => !shown.includes(i)).map((c) => visible(c.header));
  const note =
    left.length === 0
      ? []
      : [
          wrap(
            `(${left.join(', ')} left out to fit ${width ?? ''} columns; a wider terminal, a pipe or a file shows ${left.length === 1 ? 'it' : 'them'})`,
            width,
          ),
        ];
  return [line(shown.map((i) => headers[i])), line(w.map((n) => '─'.repeat(n))), ...body, ...note].join('\n');
}

/**
 * Rows whose keys do not fit side by side: each row a block, its first column on a line of its own,
 * then each other column under it as `HEADER  value`. Keys stay whole (one too wide for that goes on
 * its own line under its header); other values wrap.
 */
function stacked(cols: Column[], headers: string[], rows: string[][][], width: number): string {
  const labelWidth = Math.max(...headers.slice(1).map(displayWidth));
  const indent = '  ';
  const valueWidth = Math.max(LONG_WORD, width - indent.length - labelWidth - GAP.length);
  const blocks = rows.map(([first, ...rest]) => {
    const lines = [...first];
    rest.forEach((values, j) => {
      const i = j + 1;
      const shown = cols[i].key ? values : values.flatMap((v) => wrapCell(v, valueWidth));
      // A key too wide to follow its label goes on the lines under it, whole.
      if (cols[i].key && shown.some((value) => displayWidth(value) > valueWidth)) {
        lines.push(`${indent}${headers[i]}`, ...shown.map((value) => `${indent}${indent}${value}`));
      } else shown.forEach((value, k) => lines.push(`${indent}${pad(k === 0 ? headers[i] : '', labelWidth)}${GAP}${value}`.trimEnd()));
    });
    return lines.join('\n');
  });
  return [headers[0], '─'.repeat(Math.min(width, displayWidth(headers[0]))), blocks.join('\n\n')].join('\n');
}

/** Stands for a space inside a phrase that must not be broken while a text is wrapped (a private-use character, one column). */
const HELD = '\uE000';

/**
 * Word-wraps text to the width, continuing lines with `indent`; each of its own lines on its own.
 * The phrases in `whole` (a scope path, a label: keys a person reads or copies) are never broken
 * at their spaces. No width: the text as it is.
 */
export function wrap(text: string, width: number | undefined, indent = '', whole: string[] = []): string {
  if (width === undefined) return text;
  let held = text.replaceAll(HELD, ' ');
  for (const phrase of [...new Set(whole)].filter((p) => p.includes(' ')).sort((a, b) => b.length - a.length)) {
    held = held.replaceAll(phrase, phrase.replaceAll(' ', HELD));
  }
  return wrapLines(held, width, indent).replaceAll(HELD, ' ');
}

function wrapLines(text: string, width: number, indent: string): string {
  if (text.includes('\n'))
    return text
      .split('\n')
      .map((line) => wrapLines(line, width, indent))
      .join('\n');
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

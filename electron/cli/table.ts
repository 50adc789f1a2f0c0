// Aligned plain-text tables that fit a terminal (80 columns unless the terminal says otherwise).
// Columns that do not fit are shortened from the widest, with an ellipsis.

import { visible } from '../../shared/text/visible';

const GAP = '  ';

export function terminalWidth(): number {
  return process.stdout.isTTY && process.stdout.columns ? Math.max(60, process.stdout.columns) : 80;
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+$/;

/**
 * The text cut to the width with an ellipsis. An email address is cut in its local part, so the
 * domain (whose people these are: staff, a client, an outside firm) stays whole where it fits.
 */
function shorten(text: string, width: number): string {
  if (text.length <= width) return text;
  if (EMAIL_LIKE.test(text)) {
    const at = text.indexOf('@');
    const keep = width - (text.length - at) - 1;
    if (keep >= 2) return `${text.slice(0, keep)}…${text.slice(at)}`;
  }
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

export function formatTable(headers: string[], cells: string[][], maxWidth = terminalWidth()): string {
  // Escaped before measuring, so the columns line up with what the terminal shows.
  const rows = cells.map((row) => row.map(visible));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const budget = maxWidth - GAP.length * (headers.length - 1);
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 6) break;
    widths[widest]--;
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? shorten(c, widths[i]) : shorten(c, widths[i]).padEnd(widths[i])))
      .join(GAP)
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Word-wraps text to the width, continuing lines with `indent`; each of its own lines on its own. */
export function wrap(text: string, width = terminalWidth(), indent = ''): string {
  if (text.includes('\n')) return text.split('\n').map((line) => wrap(line, width, indent)).join('\n');
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

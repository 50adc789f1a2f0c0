// The one CSV writer for every CSV the project writes (the CLI's, the app's exports, reports).
// RFC 4180: CRLF line ends; a field holding `"`, `,`, CR or LF, or starting or ending with white
// space, is quoted with its quotes doubled. And no cell can run as a formula: a spreadsheet executes
// a cell starting with `=`, `+`, `-`, `@`, tab or CR, so such a cell gets a leading `'` (OWASP's
// advice), which makes the spreadsheet show it as text; the rest of the text is kept as it was.

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a cell as it must be written so that no spreadsheet runs it. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One field, neutralized and quoted where RFC 4180 needs it. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = neutralizeFormula(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/** One record with its CRLF. */
export function csvLine(fields: readonly CsvValue[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A whole file: the header, then each row. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}

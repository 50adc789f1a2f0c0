// Offline review sheets (docs/reviews.md): a review's items as an XLSX workbook or a CSV file for a
// reviewer without the app, and the filled sheet read back. The sheet carries the review's id and a
// checksum (SHA-256 of the review id and each item's number and frozen cells) so an imported sheet is
// matched to its review; every problem is reported by sheet row, and nothing is decided unless the
// whole sheet is right. Decisions are applied through `decide`, with its rules and its log.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Cell, CellValue, DataValidation } from 'exceljs';
import { ItemDecisionRequest, type DecideRequest, type ReviewRequest } from '../../shared/api';
import { csvText, neutralizeFormula } from '../../shared/csv/write';
import { AuditError, type Problem } from '../../shared/errors';
import { DECISIONS, type Decision, type ReviewDetail, type ReviewItem, type ReviewSummary } from '../../shared/reviews';
import { streamCsv } from './csv-read';
import { onLines } from './reviews';

/** What the sheet calls need of the service. */
export interface SheetService {
  review(req: ReviewRequest): ReviewDetail;
  decide(req: DecideRequest): Promise<ReviewSummary>;
}

/** The cells a reviewer cannot change: what each item is about, as frozen when the review started. */
const LOCKED = ['review', 'item', 'email', 'name', 'role', 'tenant', 'privileged', 'recommendations', 'changed'] as const;
/** The cells a reviewer fills in. */
const EDITABLE = ['decision', 'comment', 'new_role', 'expires', 'self_reason'] as const;
/** The CSV sheet carries the checksum on every row (the XLSX one in its hidden "Sheet check" sheet). */
const CSV_COLUMNS = [...LOCKED, ...EDITABLE, 'checksum'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export const REVIEW_SHEET = 'Review';
export const CHECK_SHEET = 'Sheet check';

const lockedCells = (reviewId: number, item: ReviewItem): Record<(typeof LOCKED)[number], string> => ({
  review: String(reviewId),
  item: String(item.number),
  email: item.email,
  name: item.name,
  role: item.role,
  tenant: item.path,
  privileged: item.privileged ? 'yes' : 'no',
  recommendations: item.recommendations.map((r) => r.title).join('; '),
  changed: item.changed ?? '',
});

const editableCells = (item: ReviewItem): Record<(typeof EDITABLE)[number], string> => ({
  decision: item.decision?.decision ?? '',
  comment: item.decision?.comment ?? '',
  new_role: item.decision?.role ?? '',
  expires: item.decision?.expires ?? '',
  self_reason: item.decision?.selfReason ?? '',
});

/** SHA-256 of the review id and, for each item on the sheet, its number and locked cells. */
export function sheetChecksum(reviewId: number, items: readonly ReviewItem[]): string {
  const hash = createHash('sha256').update(`${reviewId}\n`);
  for (const item of items) hash.update(`${JSON.stringify(LOCKED.map((c) => lockedCells(reviewId, item)[c]))}\n`);
  return hash.digest('hex');
}

function itemsOf(service: SheetService, reviewId: number, reviewer?: string) {
  const first = service.review({ reviewId, reviewer, count: 10_000 });
  const items = [...first.items];
  while (items.length < first.total) items.push(...service.review({ reviewId, reviewer, from: items.length, count: 10_000 }).items);
  return { review: first.review, items };
}

const INSTRUCTIONS: [string, string][] = [
  ['How to fill in this sheet', ''],
  ['', 'Decide each row in the decision column (pick from the list), and give a comment where one is required.'],
  ['', 'Only the columns decision, comment, new_role, expires and self_reason can be changed; do not add, remove or reorder rows.'],
  ['', 'Send the sheet back as it is: it is checked against the review, and nothing is taken unless every row is right.'],
  ['Decisions', ''],
  ['keep', 'The access stays. A comment is required when the access is privileged.'],
  ['revoke', 'The access is to be removed. A comment is required.'],
  ['modify', 'The access is to become another role at the same tenant: write it in new_role. A comment is required.'],
  ['exception', 'The access stays as an accepted exception until the day in expires (YYYY-MM-DD). A comment is required.'],
  ['dont-know', 'You cannot decide this access; someone else will.'],
  ['Your own access', 'If a row is about your own access, write why you decide it in self_reason.'],
];

/** The review's items (or one reviewer's) as an XLSX workbook or a CSV file. */
export async function exportReviewSheet(
  service: SheetService,
  req: { reviewId: number; reviewer?: string; format: 'xlsx' | 'csv' },
): Promise<{ data: Buffer; items: number }> {
  const { review, items } = itemsOf(service, req.reviewId, req.reviewer);
  if (items.length === 0) throw new AuditError('input', `review #${review.id} has no items for ${req.reviewer ?? 'anyone'}`);
  const checksum = sheetChecksum(review.id, items);
  const rows = items.map((item) => ({ ...lockedCells(review.id, item), ...editableCells(item), checksum }));
  if (req.format === 'csv')
    return {
      data: Buffer.from(
        csvText(
          CSV_COLUMNS,
          rows.map((r) => CSV_COLUMNS.map((c) => r[c])),
        ),
        'utf8',
      ),
      items: items.length,
    };

  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Permission Auditor';
  workbook.title = `Review #${review.id}: ${review.name}`;
  workbook.subject = `review ${review.id} checksum ${checksum}`;
  const sheet = workbook.addWorksheet(REVIEW_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = [...LOCKED, ...EDITABLE];
  sheet.columns = columns.map((c) => ({ header: c, key: c, width: c === 'comment' || c === 'recommendations' ? 40 : 18 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    // Every value a string cell (never a formula), whatever it starts with.
    const added = sheet.addRow(columns.map((c) => (c === 'review' || c === 'item' ? Number(row[c]) : row[c])));
    for (const c of EDITABLE) {
      const cell = added.getCell(c);
      cell.protection = { locked: false };
      cell.numFmt = '@';
    }
  }
  // The drop-down on the whole decision column, as one range: exceljs's per-cell validations come
  // out as overlapping ranges past row 9. (`dataValidations` is exceljs's, missing from its types.)
  const decisionColumn = sheet.getColumn('decision').letter;
  (sheet as unknown as { dataValidations: { add(range: string, validation: DataValidation): void } }).dataValidations.add(
    `${decisionColumn}2:${decisionColumn}${rows.length + 1}`,
    {
      type: 'list',
      allowBlank: true,
      formulae: [`"${DECISIONS.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Decision',
      error: `One of ${DECISIONS.join(', ')}`,
    },
  );
  await sheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });
  const instructions = workbook.addWorksheet('Instructions');
  instructions.columns = [{ width: 20 }, { width: 110 }];
  for (const line of INSTRUCTIONS) instructions.addRow(line).font = line[1] === '' ? { bold: true } : {};
  await instructions.protect('', {});
  const check = workbook.addWorksheet(CHECK_SHEET, { state: 'veryHidden' });
  check.addRows([
    ['review', review.id],
    ['checksum', checksum],
  ]);
  await check.protect('', {});
  return { data: Buffer.from(await workbook.xlsx.writeBuffer()), items: items.length };
}

interface SheetRow {
  line: number;
  cells: Partial<Record<Column, string>>;
  /** Columns whose cell holds a formula. */
  formulas: Column[];
}

interface ReadSheet {
  rows: SheetRow[];
  /** The review id and checksum the sheet was exported with. */
  reviewId: string | undefined;
  checksum: string | undefined;
  problems: Problem[];
}

const isXlsx = (file: string) => {
  if (file.toLowerCase().endsWith('.xlsx')) return true;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    fs.closeSync(fd);
  }
};

/** A cell's text; a formula is reported, never evaluated. */
function cellText(cell: Cell): { text: string; formula: boolean } {
  const value: CellValue = cell.value;
  if (value === null || value === undefined) return { text: '', formula: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), formula: false };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: false };
    if ('text' in value) return { text: String(value.text), formula: false };
    return { text: cell.text, formula: false };
  }
  return { text: String(value), formula: false };
}

async function readXlsx(file: string, name: string): Promise<ReadSheet> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new AuditError('input', `${name}: not an XLSX workbook that can be read (${(error as Error).message})`);
  }
  const sheet = workbook.getWorksheet(REVIEW_SHEET);
  const check = workbook.getWorksheet(CHECK_SHEET);
  if (!sheet || !check)
    throw new AuditError('input', `${name}: not a review sheet (it lacks the "${REVIEW_SHEET}" or the hidden "${CHECK_SHEET}" sheet)`);
  const at = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const header = cellText(cell).text.trim().toLowerCase() as Column;
    if ((CSV_COLUMNS as readonly string[]).includes(header)) at.set(header, col);
  });
  const rows: SheetRow[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const read: SheetRow = { line, cells: {}, formulas: [] };
    for (const [column, col] of at) {
      const { text, formula } = cellText(row.getCell(col));
      read.cells[column] = text;
      if (formula) read.formulas.push(column);
    }
    if (Object.values(read.cells).some((v) => v !== '') || read.formulas.length > 0) rows.push(read);
  });
  return {
    rows,
    reviewId: cellText(check.getCell('B1')).text,
    checksum: cellText(check.getCell('B2')).text,
    problems: missingColumns(name, 1, [...at.keys()], []),
  };
}

/** The header's missing columns: every locked one, the decision, and in a CSV sheet the checksum. */
function missingColumns(name: string, line: number, present: Column[], required: readonly Column[]): Problem[] {
  const missing = [...LOCKED, 'decision', ...required].filter((c) => !present.includes(c as Column));
  if (missing.length === 0) return [];
  const lacks = missing.map((c) => `"${c}"`).join(', ');
  return [{ file: name, line, message: `the header lacks ${lacks}: not a review sheet (its columns: ${CSV_COLUMNS.join(', ')})` }];
}

/** A CSV cell as written: the writer's leading `'` before a formula character taken off. */
const unneutralize = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

async function readCsv(file: string, name: string): Promise<ReadSheet> {
  const problems: Problem[] = [];
  const rows: SheetRow[] = [];
  let at = new Map<Column, number>();
  await streamCsv(
    { path: file, name, size: fs.statSync(file).size },
    {
      header: (headers, line) => {
        at = new Map(
          headers
            .map((h, i) => [h.trim().toLowerCase() as Column, i] as const)
            .filter(([h]) => (CSV_COLUMNS as readonly string[]).includes(h)),
        );
        const missing = missingColumns(name, line, [...at.keys()], ['checksum']);
        problems.push(...missing);
        return missing.length === 0;
      },
      record: (record, line) => {
        const cells: SheetRow['cells'] = {};
        for (const [column, i] of at) cells[column] = unneutralize(record[i] ?? '');
        rows.push({ line, cells, formulas: [] });
        return true;
      },
      problem: (line, message) => problems.push({ file: name, line, message }),
    },
  );
  const checksums = new Set(rows.map((r) => r.cells.checksum ?? ''));
  const reviews = new Set(rows.map((r) => r.cells.review ?? ''));
  return {
    rows,
    reviewId: reviews.size === 1 ? [...reviews][0] : undefined,
    checksum: checksums.size === 1 ? [...checksums][0] : undefined,
    problems,
  };
}

/** The rows' decisions, or every problem by row; nothing is decided here. */
function decisionsOf(name: string, reviewId: number, sheet: ReadSheet, items: Map<number, ReviewItem>) {
  const problems: Problem[] = [...sheet.problems];
  const problem = (line: number, message: string) => problems.push({ file: name, line, message });
  if (problems.length > 0) return { problems, decisions: [], lines: [] };
  if (sheet.reviewId !== undefined && sheet.reviewId !== String(reviewId)) {
    problem(
      sheet.rows[0]?.line ?? 1,
      `this sheet is of review #${sheet.reviewId}, not of review #${reviewId}: import it into its own review`,
    );
    return { problems, decisions: [], lines: [] };
  }
  const decisions: ItemDecisionRequest[] = [];
  const lines: number[] = [];
  const onRow = new Map<number, number>();
  const sheetItems: ReviewItem[] = [];
  for (const row of sheet.rows) {
    const cell = (c: Column) => (row.cells[c] ?? '').trim();
    for (const c of row.formulas) problem(row.line, `the ${c} cell holds a formula; write its text instead`);
    if (cell('review') !== String(reviewId)) {
      problem(row.line, `the review cell says "${cell('review')}", not ${reviewId}: this row is not of this review`);
      continue;
    }
    const number = cell('item');
    if (!/^\d+$/.test(number)) {
      problem(row.line, `the item number was edited: "${number}" is not an item number`);
      continue;
    }
    const item = items.get(Number(number));
    if (!item) {
      problem(row.line, `review #${reviewId} has no item ${number}: the item number was edited`);
      continue;
    }
    const twice = onRow.get(item.number);
    if (twice !== undefined) {
      problem(row.line, `item ${item.number} is also on row ${twice}: each item may be on one row only`);
      continue;
    }
    onRow.set(item.number, row.line);
    sheetItems.push(item);
    const frozen = lockedCells(reviewId, item);
    const edited = LOCKED.filter((c) => (row.cells[c] ?? '') !== frozen[c] && (row.cells[c] ?? '') !== neutralizeFormula(frozen[c]));
    if (edited.length > 0) {
      problem(
        row.line,
        `locked cells were edited: ${edited.map((c) => `${c} is "${row.cells[c] ?? ''}" where item ${item.number} has "${frozen[c]}"`).join('; ')}`,
      );
      continue;
    }
    const decision = cell('decision').toLowerCase();
    const given = EDITABLE.filter((c) => c !== 'decision' && cell(c) !== '');
    if (decision === '') {
      if (given.length > 0) problem(row.line, `${given.join(', ')} given without a decision`);
      continue;
    }
    if (!DECISIONS.includes(decision as Decision)) {
      problem(row.line, `the decision must be one of ${DECISIONS.join(', ')}, got "${cell('decision')}"`);
      continue;
    }
    const current = editableCells(item);
    if (EDITABLE.every((c) => (c === 'decision' ? decision : cell(c)) === current[c])) continue; // decided so already
    const request = Object.fromEntries(
      [
        ['items', [item.number]],
        ['decision', decision],
        ['comment', cell('comment')],
        ['role', cell('new_role')],
        ['expires', cell('expires')],
        ['selfReason', cell('self_reason')],
      ].filter(([, v]) => v !== ''),
    );
    const checked = ItemDecisionRequest.safeParse(request);
    if (!checked.success) {
      for (const issue of checked.error.issues) problem(row.line, `${String(issue.path[0] ?? 'decision')}: ${issue.message}`);
      continue;
    }
    decisions.push(checked.data);
    lines.push(row.line);
  }
  if (problems.length === 0 && sheet.checksum !== sheetChecksum(reviewId, sheetItems))
    problem(1, 'the checksum does not match the rows: rows were added, removed or reordered since the sheet was exported');
  return { problems, decisions, lines };
}

/** Reads a filled sheet (XLSX or CSV) and applies its decisions, all or none. */
export async function importReviewSheet(
  service: SheetService,
  req: { reviewId: number; file: string; by?: string },
): Promise<{ review: ReviewSummary; decided: number }> {
  const name = path.basename(req.file);
  if (!fs.existsSync(req.file)) throw new AuditError('not-found', `${req.file}: no such file`);
  const { review, items } = itemsOf(service, req.reviewId);
  const sheet = isXlsx(req.file) ? await readXlsx(req.file, name) : await readCsv(req.file, name);
  const { problems, decisions, lines } = decisionsOf(name, review.id, sheet, new Map(items.map((i) => [i.number, i])));
  const decide = (check: boolean) =>
    service.decide({ reviewId: review.id, by: req.by, decisions, check }).catch((error: unknown) => {
      throw onLines(error, name, lines);
    });
  if (problems.length > 0) {
    // The rows without a problem of the sheet's own are checked against decide's rules too, so
    // that every problem is reported at once.
    if (decisions.length > 0)
      await decide(true).catch((error: unknown) => {
        if (!(error instanceof AuditError) || error.problems.some((p) => p.file !== name)) throw error;
        problems.push(...error.problems);
      });
    problems.sort((a, b) => a.line - b.line);
    throw new AuditError('input', `${name}: nothing was decided`, problems);
  }
  if (decisions.length === 0) return { review, decided: 0 };
  return { review: await decide(false), decided: decisions.length };
}

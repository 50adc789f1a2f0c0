// Offline review sheets at the service: a review exported as an XLSX workbook and as a CSV file,
// filled in the way a reviewer without the app would (in a spreadsheet, or as text), and imported
// back: the decisions applied and logged; a bad sheet refused with each problem on its sheet row and
// nothing applied; names that are formulas kept as inert text.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditService } from '../../electron/services/audit-service';
import { exportReviewSheet, importReviewSheet } from '../../electron/services/review-sheets';
import { AuditError, type Problem } from '../../shared/errors';
import type { ReviewItem } from '../../shared/reviews';
import { allItems, ELENA, northwind, type Setup } from './support';

let setup: Setup;
afterEach(() => setup?.close());

const COLUMNS = ['review', 'item', 'email', 'name', 'role', 'tenant', 'privileged', 'recommendations', 'changed'];
const EDITABLE = ['decision', 'comment', 'new_role', 'expires', 'self_reason'];

async function started(): Promise<ReviewItem[]> {
  setup = await northwind();
  await setup.service.startReview({ snapshotId: 1, name: 'Q4 access review', reviewers: [{ reviewer: ELENA }], by: ELENA });
  return allItems(setup.service, 1);
}

async function exported(format: 'xlsx' | 'csv', reviewId = 1): Promise<string> {
  const { data } = await exportReviewSheet(setup.service, { reviewId, format });
  const file = path.join(setup.dir, `review-${reviewId}-${format}-${Math.random().toString(36).slice(2)}.${format}`);
  fs.writeFileSync(file, data);
  return file;
}

async function workbookOf(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** Fills cells of the Review sheet, as a reviewer does in a spreadsheet: { sheet row: { column: value } }. */
async function fillXlsx(file: string, cells: Record<number, Record<string, string | number>>): Promise<void> {
  const workbook = await workbookOf(file);
  const sheet = workbook.getWorksheet('Review')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  for (const [row, values] of Object.entries(cells))
    for (const [column, value] of Object.entries(values)) sheet.getRow(Number(row)).getCell(header.indexOf(column) + 1).value = value;
  await workbook.xlsx.writeFile(file);
}

/** A CSV sheet's data row for an item, filled with a decision, as a text edit of the exported line. */
function fillCsvLine(line: string, decision: string, comment = ''): string {
  return line.replace(/,,,,,,([0-9a-f]{64})$/, `,${decision},${comment},,,,$1`);
}

function editCsv(file: string, edit: (lines: string[]) => string[]): void {
  const lines = fs.readFileSync(file, 'utf8').split('\r\n');
  fs.writeFileSync(file, edit(lines.slice(0, -1)).join('\r\n') + '\r\n');
}

/** The problems a sheet is refused with; and that nothing was decided. */
async function refused(file: string): Promise<Problem[]> {
  const error = await importReviewSheet(setup.service, { reviewId: 1, file }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuditError);
  expect((error as AuditError).message).toBe(`${path.basename(file)}: nothing was decided`);
  expect(setup.service.review({ reviewId: 1, count: 1 }).review.decided).toBe(0);
  expect(setup.service.reviewLog({ reviewId: 1 }).entries.map((e) => e.action)).toEqual(['start']);
  return (error as AuditError).problems;
}

const lines = (problems: Problem[]) => problems.map((p) => [p.line, p.message]);

describe('an XLSX review sheet', () => {
  it('has a protected Review sheet where only the decision cells change, a drop-down of the decisions, instructions, and the review id and checksum', async () => {
    const items = await started();
    const workbook = await workbookOf(await exported('xlsx'));
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Review', 'visible'],
      ['Instructions', 'visible'],
      ['Sheet check', 'veryHidden'],
    ]);
    const sheet = workbook.getWorksheet('Review')!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...COLUMNS, ...EDITABLE]);
    expect(sheet.rowCount).toBe(items.length + 1);
    expect(sheet.getRow(2).getCell(2).value).toBe(1);
    expect(sheet.getRow(2).getCell(3).value).toBe(items[0].email);
    // The sheet is protected; id cells are locked (the default), the decision cells are not.
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    for (let col = 1; col <= COLUMNS.length; col++) expect(sheet.getRow(2).getCell(col).protection?.locked).not.toBe(false);
    for (let col = COLUMNS.length + 1; col <= COLUMNS.length + EDITABLE.length; col++)
      expect(sheet.getRow(items.length + 1).getCell(col).protection).toMatchObject({ locked: false });
    const decision = sheet.getRow(items.length + 1).getCell(COLUMNS.length + 1).dataValidation;
    expect(decision).toMatchObject({ type: 'list', formulae: ['"keep,revoke,modify,exception,dont-know"'] });

    const instructions = workbook.getWorksheet('Instructions')!.getColumn(1).values;
    expect(instructions).toEqual(expect.arrayContaining(['keep', 'revoke', 'modify', 'exception', 'dont-know']));
    const check = workbook.getWorksheet('Sheet check')!;
    expect(check.getCell('B1').value).toBe(1);
    expect(check.getCell('B2').value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round trip: decisions filled in the workbook are applied through decide and logged', async () => {
    const items = await started();
    const privileged = items.find((i) => i.privileged)!;
    const plain = items.find((i) => !i.privileged)!;
    const other = items.find((i) => !i.privileged && i !== plain)!;
    const file = await exported('xlsx');
    await fillXlsx(file, {
      [privileged.number + 1]: { decision: 'revoke', comment: 'Left the company in June' },
      [plain.number + 1]: { decision: 'keep' },
      [other.number + 1]: { decision: 'exception', comment: 'Contractor until the migration ends', expires: '2099-12-31' },
    });

    const imported = await importReviewSheet(setup.service, { reviewId: 1, file });
    expect(imported).toMatchObject({ decided: 3, review: { decided: 3 } });
    const after = allItems(setup.service, 1);
    expect(after[privileged.number - 1].decision).toMatchObject({ decision: 'revoke', comment: 'Left the company in June', by: ELENA });
    expect(after[plain.number - 1].decision).toMatchObject({ decision: 'keep', comment: null });
    expect(after[other.number - 1].decision).toMatchObject({ decision: 'exception', expires: '2099-12-31' });
    const log = setup.service.reviewLog({ reviewId: 1 }).entries;
    expect(log.filter((e) => e.action === 'decide').map((e) => e.item)).toEqual(
      [privileged.number, plain.number, other.number].sort((a, b) => a - b),
    );
    expect(setup.service.verifyReview({ reviewId: 1 }).ok).toBe(true);

    // Exported again, the decisions are in the sheet; importing it unchanged decides nothing twice.
    const again = await exported('xlsx');
    const row = (await workbookOf(again)).getWorksheet('Review')!.getRow(privileged.number + 1);
    expect(row.getCell(COLUMNS.length + 1).value).toBe('revoke');
    expect(await importReviewSheet(setup.service, { reviewId: 1, file: again })).toMatchObject({ decided: 0 });
    expect(setup.service.reviewLog({ reviewId: 1 }).total).toBe(log.length);
  });
});

describe('a CSV review sheet', () => {
  it('round trip: a header, the review id and checksum on every row, decisions edited as text and applied', async () => {
    const items = await started();
    const file = await exported('csv');
    const text = fs.readFileSync(file, 'utf8');
    const [header, ...rows] = text.split('\r\n').slice(0, -1);
    expect(header).toBe([...COLUMNS, ...EDITABLE, 'checksum'].join(','));
    expect(rows).toHaveLength(items.length);
    const checksum = /,([0-9a-f]{64})$/.exec(rows[0])![1];
    for (const row of rows) expect(row.startsWith('1,') && row.endsWith(`,${checksum}`)).toBe(true);

    const target = items.find((i) => !i.privileged)!;
    editCsv(file, (all) => all.map((line, i) => (i === target.number ? fillCsvLine(line, 'revoke', 'No longer needed') : line)));
    expect(await importReviewSheet(setup.service, { reviewId: 1, file, by: 'Elena Vasquez' })).toMatchObject({ decided: 1 });
    expect(allItems(setup.service, 1)[target.number - 1].decision).toMatchObject({
      decision: 'revoke',
      comment: 'No longer needed',
      by: 'Elena Vasquez',
    });
    expect(setup.service.reviewLog({ reviewId: 1 }).entries.at(-1)).toMatchObject({ action: 'decide', item: target.number });
  });
});

describe('a bad sheet is refused with its rows, and nothing is applied', () => {
  it("another review's sheet", async () => {
    await started();
    await setup.service.startReview({
      snapshotId: 1,
      name: 'Bayside only',
      scope: 'Bayside Dental',
      reviewers: [{ reviewer: ELENA }],
      by: ELENA,
    });
    const file = await exported('xlsx', 2);
    await fillXlsx(file, { 2: { decision: 'dont-know' } });
    expect(lines(await refused(file))).toEqual([[2, 'this sheet is of review #2, not of review #1: import it into its own review']]);
  });

  it('an unknown item id (CSV)', async () => {
    await started();
    const file = await exported('csv');
    editCsv(file, (all) =>
      all.map((line, i) => (i === 1 ? fillCsvLine(line, 'dont-know') : i === 5 ? line.replace(/^1,5,/, '1,999,') : line)),
    );
    expect(lines(await refused(file))).toEqual([[6, 'review #1 has no item 999: the item number was edited']]);
  });

  it('an edited item id and the duplicate row it makes', async () => {
    const items = await started();
    const file = await exported('xlsx');
    await fillXlsx(file, { 3: { item: 3, decision: 'dont-know' } });
    const problems = lines(await refused(file));
    expect(problems).toHaveLength(2);
    expect(problems[0][0]).toBe(3);
    expect(problems[0][1]).toContain(`locked cells were edited: tenant is "${items[1].path}" where item 3 has "${items[2].path}"`);
    expect(problems[1]).toEqual([4, 'item 3 is also on row 3: each item may be on one row only']);
  });

  it('a duplicate row (CSV)', async () => {
    const items = await started();
    const file = await exported('csv');
    editCsv(file, (all) => [...all, fillCsvLine(all[2], 'dont-know')]);
    const problems = lines(await refused(file));
    // The header is line 1 and the items lines 2 to 267: the copy is line 268.
    expect(problems).toEqual([[items.length + 2, 'item 2 is also on row 3: each item may be on one row only']]);
  });

  it('an invalid decision', async () => {
    await started();
    const file = await exported('xlsx');
    await fillXlsx(file, { 2: { decision: 'dont-know' }, 7: { decision: 'approve' } });
    expect(lines(await refused(file))).toEqual([
      [7, 'the decision must be one of keep, revoke, modify, exception, dont-know, got "approve"'],
    ]);
  });

  it('a missing required comment: the same rule as decide', async () => {
    const items = await started();
    const privileged = items.find((i) => i.privileged)!;
    const file = await exported('xlsx');
    await fillXlsx(file, { 2: { decision: 'dont-know' }, [privileged.number + 1]: { decision: 'keep' } });
    expect(lines(await refused(file))).toEqual([
      [
        privileged.number + 1,
        `item ${privileged.number} (${privileged.role} at ${privileged.path} for ${privileged.email}): a comment is required to keep privileged access`,
      ],
    ]);
  });

  it("every problem at once: the sheet's own and decide's rules, in row order", async () => {
    const items = await started();
    const privileged = items.find((i) => i.privileged && i.number > 10)!;
    const plain = items.find((i) => !i.privileged && i.number > 2)!;
    const file = await exported('xlsx');
    await fillXlsx(file, {
      3: { decision: 'approve' },
      [privileged.number + 1]: { decision: 'revoke' },
      [plain.number + 1]: { decision: 'keep' },
    });
    expect(lines(await refused(file))).toEqual([
      [3, 'the decision must be one of keep, revoke, modify, exception, dont-know, got "approve"'],
      [
        privileged.number + 1,
        `item ${privileged.number} (${privileged.role} at ${privileged.path} for ${privileged.email}): a comment is required to revoke access`,
      ],
    ]);
  });

  it('an edited locked cell', async () => {
    const items = await started();
    const file = await exported('xlsx');
    await fillXlsx(file, { 2: { decision: 'dont-know' }, 9: { name: 'Someone Else', decision: 'keep' } });
    expect(lines(await refused(file))).toEqual([
      [9, `locked cells were edited: name is "Someone Else" where item 8 has "${items[7].name}"`],
    ]);
  });

  it('a removed row: the checksum no longer matches', async () => {
    await started();
    const file = await exported('csv');
    editCsv(file, (all) => all.filter((_, i) => i !== 10).map((line, i) => (i === 1 ? fillCsvLine(line, 'dont-know') : line)));
    expect(lines(await refused(file))).toEqual([
      [1, 'the checksum does not match the rows: rows were added, removed or reordered since the sheet was exported'],
    ]);
  });
});

describe('names that are formulas', () => {
  it('come out neutralized in CSV and as plain text in XLSX, and import back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-sheets-'));
    const payloads = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'];
    const csv = path.join(dir, 'payloads.csv');
    fs.writeFileSync(
      csv,
      [
        'email,name,role,account,organization',
        'admin@northwind.example,Ada,Admin,Northwind MSP,',
        ...payloads.map((p, i) => `u${i}@northwind.example,"${p.replace(/"/g, '""')}",User,Northwind MSP,Org ${i}`),
      ].join('\n') + '\n',
    );
    const service = openAuditService({ dbPath: path.join(dir, 'audit.db') });
    try {
      await service.importFiles({ files: [{ path: csv }], platform: 'huntress' });
      await service.startReview({ snapshotId: 1, name: 'Payloads', reviewers: [{ reviewer: ELENA }], by: ELENA });

      const { data: csvSheet } = await exportReviewSheet(service, { reviewId: 1, format: 'csv' });
      const text = csvSheet.toString('utf8');
      // Each name cell starts with ' (shown as text by a spreadsheet), quoted where RFC 4180 needs it.
      for (const cell of [`"'=HYPERLINK(""http://evil.example"",""click"")"`, "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3"])
        expect(text).toContain(`,${cell},User · organization,`);

      const xlsx = path.join(dir, 'payloads.xlsx');
      fs.writeFileSync(xlsx, (await exportReviewSheet(service, { reviewId: 1, format: 'xlsx' })).data);
      const sheet = (await workbookOf(xlsx)).getWorksheet('Review')!;
      const names = sheet.getColumn(4).values.slice(2);
      expect(names).toEqual(expect.arrayContaining(payloads));
      sheet.getColumn(4).eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String));
      // No cell of the workbook's Review sheet is a formula.
      expect(execFileSync('unzip', ['-p', xlsx, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' })).not.toMatch(/<f[ >]/);

      // The neutralized cells are the frozen names: both sheets import back.
      const back = path.join(dir, 'back.csv');
      fs.writeFileSync(back, csvSheet);
      expect(await importReviewSheet(service, { reviewId: 1, file: back })).toMatchObject({ decided: 0 });
      expect(await importReviewSheet(service, { reviewId: 1, file: xlsx })).toMatchObject({ decided: 0 });
    } finally {
      service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

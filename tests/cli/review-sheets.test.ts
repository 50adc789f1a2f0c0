// `permaudit review export-sheet` and `import-sheet` as a user runs them: a sheet for a reviewer
// without the app, in XLSX and CSV, filled and imported back; a bad sheet refused with FILE:ROW
// problems, exit 1 and nothing decided.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCli, root, runCli } from '../support/cli';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(dir, ...args);
const ELENA = 'elena.vasquez@northwind-msp.example';
const JIA = 'jia.zhou@northwind-msp.example';

beforeAll(() => {
  dir = prepareCli('permaudit-review-sheets-');
  db = path.join(dir, 'audit.db');
  expect(run('import', path.join(root, 'resources/samples/huntress-msp.csv'), '--platform', 'huntress', '--db', db).code).toBe(0);
  const started = run(
    ...['review', 'start', '--db', db, '--snapshot', '1', '--name', 'Q4 access review'],
    ...['--reviewer', ELENA, '--reviewer', `Bayside Dental=${JIA}`, '--by', 'Elena Vasquez'],
  );
  expect(started.code, started.stderr).toBe(0);
});

const decided = () => JSON.parse(run('review', 'show', '1', '--db', db, '--json').stdout).review.decided as number;

describe('permaudit review export-sheet / import-sheet', () => {
  it("exports one reviewer's items as XLSX, and imports the filled workbook", async () => {
    const exported = run('review', 'export-sheet', '1', '--db', db, '--reviewer', JIA, '--format', 'xlsx', '--out', 'jia.xlsx');
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe('Wrote 11 items of review #1 to jia.xlsx.\n');

    const file = path.join(dir, 'jia.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Review')!;
    expect(sheet.rowCount).toBe(12);
    const decision = (sheet.getRow(1).values as string[]).indexOf('decision');
    for (let row = 2; row <= 12; row++) {
      const privileged = sheet.getRow(row).getCell('G').value === 'yes';
      sheet.getRow(row).getCell(decision).value = 'keep';
      if (privileged) sheet.getRow(row).getCell(decision + 1).value = 'Practice manager, confirmed';
      // Jia's own access needs her reason (the self-review rule of decide).
      if (sheet.getRow(row).getCell('C').value === JIA) sheet.getRow(row).getCell(decision + 4).value = 'Confirmed with the practice owner';
    }
    await workbook.xlsx.writeFile(file);

    const imported = run('review', 'import-sheet', '1', 'jia.xlsx', '--db', db);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Decided 11 items of review #1 from jia.xlsx: 11 of 266 decided.\n');
    const log = JSON.parse(run('review', 'log', '1', '--db', db, '--json').stdout);
    expect(log.filter((e: { action: string; actor: string }) => e.action === 'decide' && e.actor === JIA)).toHaveLength(11);
    expect(run('review', 'verify', '1', '--db', db).code).toBe(0);
  });

  it('exports CSV; a sheet with a bad row is refused by FILE:ROW and decides nothing; fixed, it is applied', () => {
    expect(run('review', 'export-sheet', '1', '--db', db, '--format', 'csv', '--out', 'all.csv').code).toBe(0);
    const file = path.join(dir, 'all.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    // The first undecided item: its five decision cells are empty before the checksum. Line N is item N - 1.
    const undecided = /,,,,,,([0-9a-f]{64})$/;
    const at = lines.findIndex((l, i) => i > 0 && undecided.test(l));
    const fill = (line: string, cells: string) => line.replace(undecided, `,${cells},$1`);
    const before = decided();
    fs.writeFileSync(file, lines.map((l, i) => (i === at ? fill(l, 'revoke,,,,') : l)).join('\r\n'));
    const refused = run('review', 'import-sheet', '1', 'all.csv', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^permaudit: all\\.csv: nothing was decided\nall\\.csv:${at + 1}: item ${at} \\(.*\\): a comment is required to revoke access\n$`,
      ),
    );
    expect(decided()).toBe(before);

    fs.writeFileSync(file, lines.map((l, i) => (i === at ? fill(l, 'revoke,No longer at the company,,,') : l)).join('\r\n'));
    const imported = run('review', 'import-sheet', '1', 'all.csv', '--db', db, '--by', 'Elena Vasquez');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(`Decided 1 item of review #1 from all.csv: ${before + 1} of 266 decided.\n`);
  });

  it('refuses a format it does not write, and an import without its file', () => {
    const format = run('review', 'export-sheet', '1', '--db', db, '--format', 'pdf', '--out', 'x.pdf');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('permaudit: --format takes xlsx or csv, got "pdf"');
    const noFile = run('review', 'import-sheet', '1', '--db', db);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('review import-sheet needs the filled sheet');
  });
});

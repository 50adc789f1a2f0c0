// `permaudit report` as a user runs it: each report type in each format written to --out, the access
// review report of a signed-off review, a PDF printed by Chromium (turned into PNG pages when
// REPORT_SHOTS=DIR, for a person to look at), and the errors of bad flags and a missing Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../scripts/chromium';
import { prepareCli, root, runCli } from '../support/cli';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(dir, ...args);
const ELENA = 'elena.vasquez@northwind-msp.example';

beforeAll(() => {
  dir = prepareCli('permaudit-report-');
  db = path.join(dir, 'audit.db');
  for (const file of ['huntress-msp.csv', 'huntress-msp-december.csv'])
    expect(run('import', path.join(root, 'resources/samples', file), '--platform', 'huntress', '--db', db).code).toBe(0);
  const started = run('review', 'start', '--db', db, '--snapshot', '1', '--name', 'Q4 access review', '--reviewer', ELENA, '--by', 'Elena');
  expect(started.code, started.stderr).toBe(0);
  expect(run('review', 'decide', '1', '--db', db, '--item', '199', '--decision', 'revoke', '--comment', 'Suspended').code).toBe(0);
  expect(
    run('review', 'decide', '1', '--db', db, '--undecided', '--decision', 'keep', '--comment', 'Confirmed', '--by', 'Office').code,
  ).toBe(0);
  expect(run('review', 'sign-off', '1', '--db', db, '--name', 'Elena Vasquez', '--statement', 'I reviewed every item.').code).toBe(0);
});

describe('permaudit report', () => {
  for (const type of ['access-review', 'who-can', 'findings'])
    for (const format of ['html', 'csv', 'json'])
      it(`--type ${type} --format ${format} writes the report to --out and says what it holds`, () => {
        const out = path.join(dir, `${type}.${format}`);
        const result = run('report', '--db', db, '--snapshot', '1', '--type', type, '--format', format, '--out', out);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toMatch(new RegExp(`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
        const text = fs.readFileSync(out, 'utf8');
        if (format === 'html') {
          expect(text.startsWith('<!doctype html>')).toBe(true);
          expect(text).toContain("default-src 'none'");
        }
        if (format === 'json') expect(JSON.parse(text)).toMatchObject({ formatVersion: 1, type, provenance: { snapshot: { id: 1 } } });
        if (format === 'csv') expect(Papa.parse(text, { header: true, skipEmptyLines: true }).errors).toEqual([]);
      });

  it('--out in a folder that does not exist: says it cannot write there (exit 1) and leaves nothing behind', () => {
    const out = path.join(dir, 'no-such-folder', 'who.csv');
    const result = run('report', '--db', db, '--type', 'who-can', '--format', 'csv', '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write ${out}`);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it("the access review report of snapshot 1 is its signed-off review, its revoke verified in December's snapshot", () => {
    const out = path.join(dir, 'review.json');
    expect(run('report', '--db', db, '--snapshot', '1', '--type', 'access-review', '--format', 'json', '--out', out).code).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(report.review).toMatchObject({ id: 1, status: 'signed' });
    expect(report.remediation.rows).toEqual([
      expect.objectContaining({ item: 199, status: 'verified', detail: 'removed — verified in snapshot #2' }),
    ]);
    const csv = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(dir, 'access-review.csv'), 'utf8'), { header: true });
    expect(csv.data.find((row) => row.item === '199')).toMatchObject({ review_id: '1', decision: 'revoke', comment: 'Suspended' });
  });

  it.skipIf(!fs.existsSync(CHROMIUM_PATH))('--format pdf prints the report with Chromium: a PDF with the title and page numbers', () => {
    const out = path.join(dir, 'review.pdf');
    const result = run('report', '--db', db, '--snapshot', '1', '--type', 'access-review', '--format', 'pdf', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-l', '2', out, '-'], { encoding: 'utf8' });
    if (text.status === 0) {
      expect(text.stdout).toContain('Access review #1: Q4 access review');
      expect(text.stdout).toMatch(/Page 1 of \d+/);
    } else console.log('report.test.ts: pdftotext is not installed; the PDF text is not checked');
    const shots = process.env.REPORT_SHOTS;
    if (shots) spawnSync('pdftoppm', ['-png', '-r', '60', '-l', '4', out, path.join(shots, 'pdf')]);
  });
  if (!fs.existsSync(CHROMIUM_PATH)) console.log(`report.test.ts: the PDF test is skipped: no Chromium at ${CHROMIUM_PATH}`);

  it('without Chromium --format pdf says how to get one (exit 1), and writes nothing', () => {
    const out = path.join(dir, 'none.pdf');
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'bin/permaudit.cjs'), 'report', '--db', db, '--type', 'findings', '--format', 'pdf', '--out', out],
      {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, CHROMIUM_PATH: path.join(dir, 'no-chromium-here') },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('install Chromium (apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a bad --type, --format or --review with the usage (exit 2)', () => {
    const out = path.join(dir, 'x');
    const type = run('report', '--db', db, '--type', 'everything', '--format', 'html', '--out', out);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('--type');
    expect(type.stderr).toContain('Usage: permaudit report');
    expect(run('report', '--db', db, '--type', 'findings', '--format', 'docx', '--out', out).stderr).toContain(
      '--format is html, pdf, csv, json, got "docx"',
    );
    expect(run('report', '--db', db, '--type', 'findings', '--format', 'html').stderr).toContain('--out is required');
    const review = run('report', '--db', db, '--type', 'who-can', '--review', '1', '--format', 'html', '--out', out);
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('a review is reported by the access-review report');
    expect(run('report', '--db', db, '--type', 'access-review', '--review', '9', '--format', 'html', '--out', out).stderr).toContain(
      'no review #9',
    );
  });
});

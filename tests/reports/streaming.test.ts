// Reports written to a file a chunk at a time: the file is exactly the report the one-string
// rendering gives (for every type and format, on generated populations with markup, commas, quotes
// and characters of several UTF-8 bytes), the JSON exactly JSON.stringify's; a write that fails part
// way leaves neither the file nor a temporary one; and a preview too big to show is refused, saying
// how to write the report to a file instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import { writeReportFile } from '../../electron/services/reports';
import { AuditError } from '../../shared/errors';
import { jsonShape, renderReport } from '../../shared/reports/render';
import { jsonChunks, LazyList, prettyJsonChunks } from '../../shared/json-chunks';
import { REPORT_FORMATS, REPORT_TYPES, type Report, type ReportType } from '../../shared/reports/types';
import { BIG_TABLE } from '../../shared/reports/html';
import { big, crafted, type Crafted } from './support';

let setup: Crafted | undefined;
const dirs: string[] = [];
afterEach(() => {
  setup?.close();
  setup = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-report-write-'));
  dirs.push(dir);
  return dir;
};

/** The report the service makes: the same model for every rendering compared. */
const reportOf = async (service: AuditService, type: ReportType): Promise<Report> => service.prepareReport({ type, format: 'json' }).report;

/** Each rendering of `report` written to a file, and the one-string rendering, side by side. */
async function expectFilesMatch(report: Report, dir: string) {
  for (const format of REPORT_FORMATS)
    for (const print of format === 'html' ? [false, true] : [false]) {
      const out = path.join(dir, `${report.type}${print ? '-print' : ''}.${format}`);
      const written = await writeReportFile(report, { format, print }, out);
      const text = renderReport(report, format, { print }).text;
      const file = fs.readFileSync(out, 'utf8');
      expect(file === text, `${report.type} ${format}${print ? ' print' : ''}`).toBe(true);
      expect(written.bytes).toBe(Buffer.byteLength(text));
      if (format === 'json') expect(file).toBe(`${JSON.stringify(jsonShape(report))}\n`);
    }
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
}

/** Texts an import keeps as written: markup, CSV's own characters, formulas, accents, CJK and emoji (4 UTF-8 bytes). */
const piece = fc.constantFrom('a', 'Zoë', '日本', '😀', '<b>', '</script>', '"', ',', "'", '&', '=1+1', ' ');
const words = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => `P${p.join('')}`);
const person = fc.record({
  name: words,
  role: fc.constantFrom('Admin', 'User'),
  org: fc.constantFrom('', 'Org <i>one</i>', 'Ørsted, “two”'),
});

async function imported(people: { name: string; role: string; org: string }[]): Promise<{ service: AuditService; dir: string }> {
  const dir = tempDir();
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const rows = people.map((p, i) => [`p${i}@acme.example`, p.name, p.role, 'Acme <MSP> 😀', p.org].map(cell).join(','));
  fs.writeFileSync(path.join(dir, 'people.csv'), `email,name,role,account,organization\n${rows.join('\n')}\n`);
  const service = openAuditService({ dbPath: path.join(dir, 'audit.db') });
  await service.importFiles({ files: [{ path: path.join(dir, 'people.csv') }], platform: 'huntress' });
  return { service, dir };
}

describe('a report written to a file', () => {
  it('is the one-string rendering, for every type and format, on generated populations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 40 }), async (people) => {
        const { service, dir } = await imported(people);
        try {
          for (const type of REPORT_TYPES) await expectFilesMatch(await reportOf(service, type), dir);
        } finally {
          service.close();
        }
      }),
      { seed: 2026, numRuns: 6 },
    );
  });

  it('is the one-string rendering for a review with markup and formulas, and for a population too big to list row by row', async () => {
    setup = await crafted();
    for (const type of REPORT_TYPES) await expectFilesMatch(await reportOf(setup.service, type), tempDir());
    setup.close();
    setup = await big(BIG_TABLE + 1500);
    for (const type of REPORT_TYPES) await expectFilesMatch(await reportOf(setup.service, type), tempDir());
  });

  it('writes JSON exactly as JSON.stringify does, a piece at a time', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 2500 }), (value, list) => {
        expect([...jsonChunks(value, '\n')].join('')).toBe(`${JSON.stringify(value)}\n`);
        const holder = { list, inner: { list, value } };
        expect([...jsonChunks(holder)].join('')).toBe(JSON.stringify(holder));
        // Indented as the CLI's --json prints it, a list made as it is written the same as the list.
        expect([...prettyJsonChunks(value)].join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
        const lazy = { list: new LazyList(list.length, (i) => list[i]), inner: { list, value } };
        expect([...prettyJsonChunks(lazy)].join('')).toBe(`${JSON.stringify(holder, null, 2)}\n`);
        expect([...jsonChunks(lazy)].join('')).toBe(JSON.stringify(holder));
      }),
      { seed: 2026, numRuns: 100 },
    );
  });
});

describe('a write that fails part way', () => {
  it('leaves no file and no temporary file when the folder disappears while it is written', async () => {
    setup = await big(BIG_TABLE + 1500);
    const report = await reportOf(setup.service, 'access-review');
    const dir = tempDir();
    const out = path.join(dir, 'gone', 'report.html');
    fs.mkdirSync(path.dirname(out));
    const progress: number[] = [];
    const write = writeReportFile(report, { format: 'html', print: true }, out, ({ bytes }) => {
      progress.push(bytes);
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    });
    await expect(write).rejects.toThrow();
    expect(progress.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('keeps the file already there as it was, and leaves no temporary file, when rendering fails midway', async () => {
    setup = await big(8000);
    const report = (await reportOf(setup.service, 'access-review')) as Extract<Report, { type: 'access-review' }>;
    // A row that cannot be written, after a megabyte has been: as a disk that fills up would fail.
    Object.defineProperty(report.items[report.items.length - 1], 'email', {
      get() {
        throw new Error('no space left on device');
      },
    });
    const dir = tempDir();
    const out = path.join(dir, 'report.html');
    fs.writeFileSync(out, 'the report of last quarter\n');
    const progress: number[] = [];
    await expect(writeReportFile(report, { format: 'html', print: true }, out, ({ bytes }) => progress.push(bytes))).rejects.toThrow(
      'no space left on device',
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
    expect(fs.readFileSync(out, 'utf8')).toBe('the report of last quarter\n');
  });
});

describe('a preview', () => {
  it('too big to show is refused, saying how to write the report to a file', async () => {
    setup = await big(50);
    const report = await reportOf(setup.service, 'who-can');
    const size = renderReport(report, 'csv').text.length;
    const refused = (() => {
      try {
        renderReport(report, 'csv', {}, size - 1);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(AuditError);
    expect((refused as AuditError).kind).toBe('input');
    expect((refused as AuditError).message).toMatch(
      /^this CSV report is more than [\d.]+ MB, too big to show here: write it to a file instead/,
    );
    expect((refused as AuditError).message).toContain('permaudit report --type who-can --format csv --out FILE');
    expect(renderReport(report, 'csv', {}, size).text).toHaveLength(size);
  });
});

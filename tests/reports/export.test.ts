// exportReport: a report written to the file the host chose, in each format; a PDF is the print
// variant given to the host's printer; without a printer a PDF is refused, and a dialog the user
// cancelled writes nothing. The app's own CSP lets the report's style and pager run in the preview.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService } from '../../electron/services/audit-service';
import type { ExportFileFormat, ExportTarget } from '../../electron/services/big-answers';
import { findChromium, HTML_INSTEAD } from '../../electron/services/report-pdf';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/security';
import { big, crafted, type Crafted } from './support';

let db: Crafted;
let service: AuditService;
/** What the host's dialog was asked, and where it says to write (null: the user cancelled). */
const asked: { name: string; format: ExportFileFormat }[] = [];
let nextTarget: () => ExportTarget | null;
const printed: { html: string; title: string }[] = [];
const FAKE_PDF = new TextEncoder().encode('%PDF-1.7 fake');

beforeAll(async () => {
  db = await crafted();
  service = openAuditService({
    dbPath: path.join(db.dir, 'audit.db'),
    chooseExportTarget: async (name, format) => (asked.push({ name, format }), nextTarget()),
    printPdf: async (html, title) => (printed.push({ html, title }), FAKE_PDF),
  });
});
afterAll(() => {
  service.close();
  db.close();
});

const targetIn = (name: string) => {
  const file = path.join(db.dir, name);
  nextTarget = () => ({ path: file });
  return file;
};

describe('exportReport', () => {
  it('writes the report the report call makes, as HTML, CSV and JSON, to the file the host chose', async () => {
    for (const format of ['html', 'csv', 'json'] as const) {
      const file = targetIn(`access-review.${format}`);
      const result = await service.exportReport({ exportId: `e-${format}`, type: 'access-review', format });
      const report = await service.report({ type: 'access-review', format });
      expect(result).toMatchObject({ saved: true, name: `access-review.${format}`, summary: report.summary });
      expect(asked.at(-1)).toEqual({ name: report.fileName, format });
      // The time made differs by a second at most between the two calls: compare without it.
      const timeless = (text: string) =>
        text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z|\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC/g, 'T');
      expect(timeless(fs.readFileSync(file, 'utf8'))).toBe(timeless(report.text));
    }
  });

  it('prints a PDF from the print variant with the host printer, under the report title', async () => {
    const file = targetIn('findings.pdf');
    const result = await service.exportReport({ exportId: 'e-pdf', type: 'findings', format: 'pdf' });
    const variant = await service.report({ type: 'findings', format: 'html', print: true });
    expect(printed.at(-1)!.title).toBe(variant.title);
    expect(printed.at(-1)!.html).toContain('Content-Security-Policy');
    expect(printed.at(-1)!.html).not.toContain('<script>');
    expect(asked.at(-1)).toEqual({ name: variant.fileName.replace(/\.html$/, '.pdf'), format: 'pdf' });
    expect(result.saved).toBe(true);
    expect(fs.readFileSync(file)).toEqual(Buffer.from(FAKE_PDF));
  });

  it('writes nothing when the user chose no file', async () => {
    nextTarget = () => null;
    const result = await service.exportReport({ exportId: 'e-none', type: 'who-can', format: 'csv' });
    expect(result.saved).toBe(false);
    expect(fs.readdirSync(db.dir).filter((f) => f.startsWith('who-can'))).toEqual([]);
  });

  it('refuses a PDF when the host has no printer, and any export when it cannot save files', async () => {
    const dbPath = path.join(db.dir, 'audit.db');
    const noPrinter = openAuditService({ dbPath, chooseExportTarget: async () => ({ path: path.join(db.dir, 'never.pdf') }) });
    const noFiles = openAuditService({ dbPath });
    try {
      await expect(noPrinter.exportReport({ exportId: 'p', type: 'findings', format: 'pdf' })).rejects.toThrow(
        'this host cannot print a PDF: export the report as HTML and print it from a browser',
      );
      expect(fs.existsSync(path.join(db.dir, 'never.pdf'))).toBe(false);
      await expect(noFiles.exportReport({ exportId: 'f', type: 'findings', format: 'html' })).rejects.toThrow(
        'this host cannot save files',
      );
    } finally {
      noPrinter.close();
      noFiles.close();
    }
  });

  it("says how to get Chromium when browser mode's printer finds none, and what to do instead", () => {
    expect(() => findChromium({ CHROMIUM_PATH: path.join(db.dir, 'no-chrome') }, HTML_INSTEAD.app)).toThrow(
      `CHROMIUM_PATH names ${path.join(db.dir, 'no-chrome')}, which does not exist: a PDF is printed by Chromium, and none was found: install Chromium (apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome; or export the report as HTML and print it from your browser`,
    );
  });

  it('refuses a review for a report other than the access review, naming it', async () => {
    targetIn('x.html');
    await expect(service.exportReport({ exportId: 'r', type: 'who-can', reviewId: 1, format: 'html' })).rejects.toThrow(
      'a review is reported by the access-review report, not the who-can report',
    );
  });
});

describe("the app's Content-Security-Policy", () => {
  const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const directive = (name: string) => CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith(`${name} `))!;

  it("allows the report's own style and pager script, so the preview frame (which inherits the policy) shows it as written", async () => {
    const many = await big(2100);
    try {
      for (const report of [
        await many.service.report({ type: 'access-review', format: 'html' }),
        await service.report({ type: 'findings', format: 'html' }),
      ]) {
        const styles = [...report.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
        const scripts = [...report.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
        expect(styles.length).toBeGreaterThan(0);
        for (const style of styles) expect(directive('style-src')).toContain(hashOf(style));
        for (const script of scripts) expect(directive('script-src')).toContain(hashOf(script));
      }
      const paged = await many.service.report({ type: 'access-review', format: 'html' });
      expect(paged.text).toMatch(/<script>/);
    } finally {
      many.close();
    }
  });
});

// A report's PDF from the CLI: its print variant (every row, no script) printed by a Chromium already
// on the machine, driven by playwright-core, with the report's title and page numbers on every page.
// Nothing is fetched: the page asks for nothing, and any request would be refused.

import fs from 'node:fs';
import { AuditError } from '../../shared/errors';
import { pdfHeaderFooter } from '../../shared/reports/pdf';

/** The flags Chromium is launched with (the tests and the bench launch it so too: scripts/chromium.ts). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Where Chromium is looked for when CHROMIUM_PATH does not say. */
const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const NO_CHROMIUM =
  'a PDF is printed by Chromium, and none was found: install Chromium (apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome; or write --format html and print it from a browser';

/** The Chromium to print with: CHROMIUM_PATH, else the first of the usual places; a not-found error saying how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') {
    if (!fs.existsSync(given)) throw new AuditError('not-found', `CHROMIUM_PATH names ${given}, which does not exist: ${NO_CHROMIUM}`);
    return given;
  }
  const found = KNOWN_PATHS.find((p) => fs.existsSync(p));
  if (!found) throw new AuditError('not-found', NO_CHROMIUM);
  return found;
}

/** Prints `html` (a report's print variant) to `out` as an A4 PDF. */
export async function writeReportPdf(executablePath: string, html: string, title: string, out: string): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    await page.pdf({
      path: out,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...pdfHeaderFooter(title),
      margin: { top: '16mm', bottom: '14mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}

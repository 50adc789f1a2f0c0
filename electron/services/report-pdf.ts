// A report's PDF outside the desktop app (the CLI, browser mode's exportReport): its print variant
// (every row, no script) printed by a Chromium already on the machine, driven by playwright-core, with
// the report's title and page numbers on every page. Nothing is fetched: the page asks for nothing,
// and any request would be refused. The desktop app prints with its own Chromium (electron/main/print-pdf.ts).

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

/** The CLI's other way to a PDF, and the app's (browser mode): print the HTML from a browser. */
export const HTML_INSTEAD = {
  cli: 'or write --format html and print it from a browser',
  app: 'or export the report as HTML and print it from your browser',
};

const noChromium = (instead: string) =>
  `a PDF is printed by Chromium, and none was found: install Chromium (apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome; ${instead}`;

/**
 * The Chromium to print with: CHROMIUM_PATH, else the first of the usual places; a not-found error
 * saying how to get one, and `instead` what else to do.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, instead: string = HTML_INSTEAD.cli): string {
  const given = env.CHROMIUM_PATH;
  if (given !== undefined && given !== '') {
    if (!fs.existsSync(given))
      throw new AuditError('not-found', `CHROMIUM_PATH names ${given}, which does not exist: ${noChromium(instead)}`);
    return given;
  }
  const found = KNOWN_PATHS.find((p) => fs.existsSync(p));
  if (!found) throw new AuditError('not-found', noChromium(instead));
  return found;
}

/** A PDF printer as openAuditService takes it: a report's print variant and its title in, the PDF's bytes out. */
export type PrintPdf = (html: string, title: string) => Promise<Uint8Array>;

/** The margins of a report's PDF page, whoever prints it. */
export const PDF_MARGINS_MM = { top: 16, bottom: 14, left: 12, right: 12 };
/** Reports print on A4 turned sideways, so that their widest tables are readable. */
export const PDF_LANDSCAPE = true;

/**
 * Prints `html` (a report's print variant) as an A4 PDF with the Chromium at `executablePath`
 * (default: findChromium(), whose error says how to get one).
 */
export async function printPdfWithChromium(html: string, title: string, executablePath: string = findChromium()): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const mm = (n: number) => `${n}mm`;
    const pdf = await page.pdf({
      format: 'A4',
      // Landscape: an access review's table has eleven columns.
      landscape: PDF_LANDSCAPE,
      printBackground: true,
      displayHeaderFooter: true,
      ...pdfHeaderFooter(title),
      margin: {
        top: mm(PDF_MARGINS_MM.top),
        bottom: mm(PDF_MARGINS_MM.bottom),
        left: mm(PDF_MARGINS_MM.left),
        right: mm(PDF_MARGINS_MM.right),
      },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

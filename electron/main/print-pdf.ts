// The desktop app's PDF printer for exportReport: the report's print variant (every row, no script)
// loaded in a hidden window of its own and printed by Electron's Chromium (webContents.printToPDF),
// with the same page header and footer as the CLI's PDF (shared/reports/pdf.ts). The window runs no
// script and has no preload; its session is an in-memory one of its own that refuses every request but
// the report's own file (a temp file: a data: URL is too short for a big report), which is removed after.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session } from 'electron';
import { pdfHeaderFooter } from '../../shared/reports/pdf';
import { PDF_LANDSCAPE, PDF_MARGINS_MM } from '../services/report-pdf';

const PARTITION = 'report-pdf';
/** The report files being printed, the only URLs the printing session loads. */
const allowed = new Set<string>();
let sessionReady = false;

function printingSession() {
  const printing = session.fromPartition(PARTITION, { cache: false });
  if (!sessionReady) {
    printing.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    printing.setPermissionCheckHandler(() => false);
    printing.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowed.has(details.url) }));
    sessionReady = true;
  }
  return printing;
}

const inches = (mm: number) => mm / 25.4;

/** Prints a report's print variant as an A4 PDF (the app's `printPdf` for openAuditService). */
export async function printPdfWithElectron(html: string, title: string): Promise<Uint8Array> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'permaudit-report-'));
  const file = path.join(folder, 'report.html');
  fs.writeFileSync(file, html, { mode: 0o600 });
  const url = pathToFileURL(file).href;
  allowed.add(url);
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      session: printingSession(),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await window.loadURL(url);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      landscape: PDF_LANDSCAPE,
      printBackground: true,
      displayHeaderFooter: true,
      ...pdfHeaderFooter(title),
      margins: {
        top: inches(PDF_MARGINS_MM.top),
        bottom: inches(PDF_MARGINS_MM.bottom),
        left: inches(PDF_MARGINS_MM.left),
        right: inches(PDF_MARGINS_MM.right),
      },
    });
    return new Uint8Array(pdf);
  } finally {
    allowed.delete(url);
    window.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

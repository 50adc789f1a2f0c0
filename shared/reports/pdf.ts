// What Chromium prints on each page of a report's PDF, whoever drives it (the CLI through
// playwright-core's page.pdf, the app through webContents.printToPDF): the report's title at the top
// and "Page N of M" at the bottom. Chromium fills in the spans of class pageNumber and totalPages;
// the title is data, so it is escaped.

import { escapeHtml } from '../text/html';

const STYLE = 'font: 8px system-ui, sans-serif; color: #555; width: 100%; margin: 0 12mm;';

export function pdfHeaderFooter(title: string): { headerTemplate: string; footerTemplate: string } {
  return {
    headerTemplate: `<div style="${STYLE}">${escapeHtml(title)}</div>`,
    footerTemplate: `<div style="${STYLE} text-align: right;">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
  };
}

// The `exportReport` call: a report written to the file the host chooses with the user (the desktop's
// save dialog; browser mode's one-time download). HTML, CSV and JSON are the `report` call's file; a
// PDF is its print variant (`print: true`) printed by the host's printer (openAuditService's
// `printPdf`: Electron's printToPDF in the app, playwright-core and the system Chromium in browser
// mode). It is followed like any export (exportProgress, cancelExport), and the file is only there
// once whole.

import path from 'node:path';
import type { ExportReportRequest, ExportResult, ReportRequest } from '../../shared/api';
import { AuditError } from '../../shared/errors';
import { cancelledExport, type ChooseExportTarget, type RunningExports } from './big-answers';
import type { PrintPdf } from './report-pdf';
import { writeWhole, type PreparedReport } from './reports';

export interface ReportExportDeps {
  prepareReport(req: ReportRequest): PreparedReport;
  chooseTarget: ChooseExportTarget | undefined;
  printPdf: PrintPdf | undefined;
  exports: RunningExports;
}

export const NO_PDF_PRINTER = 'this host cannot print a PDF: export the report as HTML and print it from a browser';

export function reportExport(deps: ReportExportDeps) {
  return {
    exportReport: async (req: ExportReportRequest): Promise<ExportResult> => {
      const { exportId, format, ...asked } = req;
      deps.exports.refuseRunning(exportId);
      const chooseTarget = deps.chooseTarget;
      if (!chooseTarget)
        throw new AuditError('usage', 'this host cannot save files; the CLI writes reports with permaudit report --out FILE');
      const printPdf = deps.printPdf;
      if (format === 'pdf' && !printPdf) throw new AuditError('usage', NO_PDF_PRINTER);
      // One step, not rows: the view shows it running until it ends.
      const progress = { rows: 0, total: 0 };
      return deps.exports.run(exportId, progress, async (isCancelled) => {
        const report = deps.prepareReport(format === 'pdf' ? { ...asked, format: 'html', print: true } : { ...asked, format });
        const name = format === 'pdf' ? report.file.fileName.replace(/\.html$/, '.pdf') : report.file.fileName;
        const summary = report.file.summary;
        // A PDF is printed before the dialog, so that a missing printer says so first.
        const pdf = printPdf && format === 'pdf' ? await printPdf(report.text(), report.file.title) : null;
        if (isCancelled()) throw cancelledExport();
        const target = await chooseTarget(name, format);
        if (!target) return { saved: false, name, rows: 0, summary };
        if (pdf) await writeWhole(target.path, [pdf]);
        else await report.write(target.path);
        const saved = { saved: true, name: path.basename(target.path), rows: 0, summary };
        return target.download ? { ...saved, download: target.download } : saved;
      });
    },
  };
}

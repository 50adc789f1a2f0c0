// Reports: the audit reports of the open snapshot (docs/reports.md) — the access review of one of its
// reviews (or its population undecided), who can do what, the findings — with a live preview of the
// report's page and its exports as HTML, PDF, CSV and JSON, which the host writes to a file it
// chooses with the user. The preview is the report's own HTML in a sandboxed frame with no
// allow-same-origin: an opaque origin of its own, so its pager script runs apart from the app and
// nothing in it can reach the app (electron/services/security.ts says how the policy allows it).
import { useCallback, useEffect, useId } from 'react';
import type { SnapshotInfo } from '../../shared/api';
import type { ReportType } from '../../shared/reports/types';
import { useSlice, useStores } from '../app/context';
import { useExport, useExporter, useReloadTick, useSnapshot, type ExportOutcome } from '../app/hooks';
import { ExportProgressBar, PageHeader, Segmented } from '../components/Controls';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { ErrorState, Loading, Spinner } from '../components/Status';
import { fmtDate } from '../lib/format';
import { reportQuestion, REPORT_KINDS } from '../state/reports';
import { dataOf } from '../state/resource';

const FORMATS = [
  { format: 'html', label: 'HTML', title: 'One page with nothing outside it, to open in any browser' },
  { format: 'pdf', label: 'PDF', title: 'Every row written out, A4, the title and page numbers on each page' },
  { format: 'csv', label: 'CSV', title: 'One row per item, for a spreadsheet' },
  { format: 'json', label: 'JSON', title: 'Everything the report holds, with its provenance' },
] as const;

export function ReportsView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Reports" />;
  return <Reports snapshot={snapshot} />;
}

function Reports({ snapshot }: { snapshot: SnapshotInfo }) {
  const { reports, reviews, client } = useStores();
  const type = useSlice(reports, (s) => s.type);
  const reviewId = useSlice(reports, (s) => s.reviewId);
  const preview = useSlice(reports, (s) => s.preview);
  const reviewList = useSlice(reviews, (s) => dataOf(s.list));
  const tick = useReloadTick();
  const id = useId();
  const exporting = useExport();

  useEffect(() => {
    void reviews.loadList();
  }, [reviews, tick]);
  useEffect(() => {
    void reports.load(snapshot.id);
  }, [reports, snapshot.id, type, reviewId, tick]);

  // Newest first: the report's default is the snapshot's newest review.
  const ofSnapshot = (reviewList ?? []).filter((r) => r.snapshotId === snapshot.id).sort((a, b) => b.id - a.id);
  const kind = REPORT_KINDS.find((k) => k.value === type)!;
  const data = dataOf(preview);

  // An export's outcome is shown with the report it was of, not another chosen since.
  const about = JSON.stringify(reportQuestion(snapshot.id, { type, reviewId }));
  const { start } = exporting;
  const exportAs = useCallback(
    (format: (typeof FORMATS)[number]['format']) => {
      const question = reportQuestion(snapshot.id, reports.getState());
      return start(format, (exportId) => client.exportReport({ ...question, exportId, format }), JSON.stringify(question));
    },
    [client, reports, snapshot.id, start],
  );
  // The menu's Export CSV… (Ctrl/Cmd+E), as in the other views.
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(exporter);

  return (
    <div className="page page-fill reports-page">
      <PageHeader
        title="Reports"
        description="The files to hand an auditor: each names the snapshot it was made from, its source files with their SHA-256, and when it was made."
        actions={
          exporting.running ? (
            <ExportProgressBar running={exporting.running} onCancel={exporting.cancel} />
          ) : (
            <div className="export-buttons" role="group" aria-label="Export the report">
              {FORMATS.map((f) => (
                <button key={f.format} type="button" className="btn" title={f.title} onClick={() => void exportAs(f.format)}>
                  <Icon name="download" /> {f.label}
                </button>
              ))}
            </div>
          )
        }
      />
      <div className="reports-choice">
        <Segmented<ReportType>
          label="Report"
          value={type}
          options={REPORT_KINDS.map(({ value, label }) => ({ value, label }))}
          onChange={(value) => reports.getState().choose({ type: value })}
        />
        {type === 'access-review' && (
          <div className="inline-field">
            <label htmlFor={`${id}-review`}>Review</label>
            <select
              id={`${id}-review`}
              className="select select-small"
              value={reviewId ?? ofSnapshot[0]?.id ?? ''}
              disabled={ofSnapshot.length === 0}
              onChange={(e) => reports.getState().choose({ reviewId: Number(e.target.value) })}
            >
              {ofSnapshot.length === 0 ? (
                <option value="">No review — the population, undecided</option>
              ) : (
                ofSnapshot.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} · {r.status === 'signed' ? 'signed off' : 'in progress'} · started {fmtDate(r.createdAt)}
                  </option>
                ))
              )}
            </select>
          </div>
        )}
      </div>
      <p className="reports-purpose muted">{kind.purpose}</p>
      {exporting.outcome?.about === about && <ExportOutcomeLine outcome={exporting.outcome} />}
      {preview.status === 'error' ? (
        <ErrorState error={preview.error} onRetry={() => void reports.load(snapshot.id)} />
      ) : !data ? (
        <Loading label="Making the report…" />
      ) : (
        <>
          <p className="reports-summary" role="status">
            {preview.status === 'loading' && <Spinner size={12} />} {data.summary}.
          </p>
          <ReportFrame key={frameKey(data)} title={`Preview: ${data.title}`} html={data.text} />
        </>
      )}
    </div>
  );
}

function ExportOutcomeLine({ outcome }: { outcome: ExportOutcome }) {
  return 'saved' in outcome ? (
    <p className="reports-outcome success" role="status">
      <Icon name="check" /> Saved {outcome.saved}
    </p>
  ) : (
    <p className="reports-outcome danger" role="alert">
      <Icon name="alert" /> Could not export: {outcome.failed}
    </p>
  );
}

/** A number for each report landed, so that each gets a frame of its own (see ReportFrame). */
const frameKeys = new WeakMap<object, number>();
let framesMade = 0;
const frameKey = (answer: object) => frameKeys.get(answer) ?? (frameKeys.set(answer, ++framesMade), framesMade);

/**
 * The report's page in a sandboxed frame: scripts on (its pager), but no allow-same-origin, forms,
 * pop-ups or top navigation; the report's own policy (default-src 'none') refuses every request.
 * Each report gets a new frame (its key): a frame's later page would be a step of the window's
 * history, and Back would step through previews instead of the app's views.
 */
function ReportFrame({ title, html }: { title: string; html: string }) {
  return <iframe className="report-frame" title={title} sandbox="allow-scripts" srcDoc={html} />;
}

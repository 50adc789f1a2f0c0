// Long work the host does for a view, which the user can follow and stop (an export, a comparison):
// what it is doing, how far it has got as a bar, and its Cancel button.
import { fmtNumber } from '../lib/format';

export function WorkProgress({
  label,
  doing,
  done,
  total,
  unit,
  cancelLabel = 'Cancel',
  onCancel,
}: {
  /** Names the work to assistive technology: "Export", "Comparison". */
  label: string;
  /** "Exporting CSV…". */
  doing: string;
  done: number;
  /** 0 while not yet known: the bar stays empty and no count is shown. */
  total: number;
  /** What is counted: "rows" (“25,000 of 100,000 rows”). */
  unit?: string;
  cancelLabel?: string;
  onCancel: () => void;
}) {
  const pct = total > 0 ? Math.min(100, (done / total) * 100) : 0;
  return (
    <div className="work-progress" role="group" aria-label={`${label} in progress`}>
      <span className="muted small nowrap" role="status">
        {doing} {total > 0 ? `${fmtNumber(done)} of ${fmtNumber(total)}${unit ? ` ${unit}` : ''}` : ''}
      </span>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
      <button type="button" className="btn btn-small" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}

// The changes as a matrix of the changed cells only: a row per person with changes, a column per
// permission changed (privileged first); ✔ gained, ✖ lost, the channel when only one changed, and
// how many places when several. A cell opens that person's changes of that permission below, each
// with its why. Bounded: the first rows are drawn, and a note says how many more the filters hide.
import { useMemo, type ReactNode } from 'react';
import type { Channel } from '../../shared/api';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { fmtNumber, plural } from '../lib/format';
import { cellKey, changeMatrix, type ChangeCell } from '../state/changes';

/** Rows drawn at most; the filters narrow the rest. */
export const MATRIX_ROWS = 150;

export interface ChangesMatrixProps {
  access: PersonAccessChange[];
  cell: ChangeCell | null;
  onCell(cell: ChangeCell | null): void;
  /** The open cell's changes, shown below the matrix (each with its why). */
  detail(changes: PersonAccessChange[], title: string): ReactNode;
}

/** The one channel every change of a cell holds on, if they share one. */
function onlyChannel(changes: PersonAccessChange[]): Channel | null {
  const channels = new Set(changes.flatMap((c) => c.channels));
  return channels.size === 1 ? [...channels][0] : null;
}

function cellText(name: string, label: string, changes: PersonAccessChange[]): string {
  const gained = changes.filter((c) => c.change === 'gained').length;
  const lost = changes.length - gained;
  const parts = [gained > 0 ? `gains it at ${plural(gained, 'place')}` : '', lost > 0 ? `loses it at ${plural(lost, 'place')}` : ''];
  const channel = onlyChannel(changes);
  return `${name} ${parts.filter(Boolean).join(' and ')}: ${label}${channel ? ` (${channel === 'ui' ? 'UI' : 'API'} only)` : ''}`;
}

export function ChangesMatrix({ access, cell, onCell, detail }: ChangesMatrixProps) {
  const matrix = useMemo(() => changeMatrix(access), [access]);
  const people = matrix.people.slice(0, MATRIX_ROWS);
  const open = cell ? matrix.cells.get(cellKey(cell.email, cell.permission)) : undefined;
  const openColumn = cell && matrix.columns.find((c) => c.permission === cell.permission);
  const openPerson = cell && matrix.people.find((p) => p.email === cell.email);
  if (matrix.people.length === 0) return <p className="muted">No access change matches the filters.</p>;
  return (
    <section className="changes-matrix-section" aria-label="Matrix of changed cells">
      <p className="muted small changes-matrix-legend">
        <span className="change-mark gained">✔</span> gained · <span className="change-mark lost">✖</span> lost · a number: at that many
        places · UI or API: on that channel only · a red heading: a privileged permission. Only the cells that changed are marked; choose
        one for its why.
      </p>
      <div className="table-wrap changes-matrix-wrap">
        <table className="changes-matrix" data-testid="changes-matrix">
          <thead>
            <tr>
              <th scope="col" className="cm-person">
                {plural(matrix.people.length, 'person', 'people')} × {plural(matrix.columns.length, 'permission')}
              </th>
              {matrix.columns.map((c) => (
                <th key={c.permission} scope="col" className={c.privileged ? 'cm-perm privileged' : 'cm-perm'} title={c.label}>
                  <span>{c.label}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.email} data-person={p.email}>
                <th scope="row" className="cm-person">
                  <div className="cell-title">{p.name || p.email}</div>
                  <div className="cell-sub">{p.email}</div>
                </th>
                {matrix.columns.map((col) => {
                  const changes = matrix.cells.get(cellKey(p.email, col.permission));
                  if (!changes) return <td key={col.permission} className="cm-cell" />;
                  const gained = changes.some((c) => c.change === 'gained');
                  const lost = changes.some((c) => c.change === 'lost');
                  const channel = onlyChannel(changes);
                  const chosen = cell?.email === p.email && cell.permission === col.permission;
                  return (
                    <td key={col.permission} className="cm-cell">
                      <button
                        type="button"
                        className={`cm-button${chosen ? ' chosen' : ''}`}
                        aria-pressed={chosen}
                        aria-label={cellText(p.name || p.email, col.label, changes)}
                        title={cellText(p.name || p.email, col.label, changes)}
                        data-change={gained && lost ? 'both' : gained ? 'gained' : 'lost'}
                        onClick={() => onCell(chosen ? null : { email: p.email, permission: col.permission })}
                      >
                        {gained && <span className="change-mark gained">✔</span>}
                        {lost && <span className="change-mark lost">✖</span>}
                        {channel && <span className={`mcell-${channel}`}>{channel === 'ui' ? 'UI' : 'API'}</span>}
                        {changes.length > 1 && <span className="cm-count">{changes.length}</span>}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {matrix.people.length > people.length && (
        <p className="muted small" data-testid="changes-matrix-more">
          The first {fmtNumber(people.length)} of {fmtNumber(matrix.people.length)} people are shown: narrow the changes with the filters to
          see the others, or show them as a list.
        </p>
      )}
      {open && openColumn && openPerson && (
        <div className="changes-matrix-detail">{detail(open, `${openPerson.name || openPerson.email}: ${openColumn.label}`)}</div>
      )}
    </section>
  );
}

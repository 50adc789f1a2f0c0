// The access matrix: people × permissions at the current scope. Rows are windowed (100,000 people
// scroll smoothly), the header row and the person column stay in view; filters by category, role and
// text; the CSV export is the shared matrixCsv of what is shown.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AccessMatrix } from '../../shared/api';
import type { Permission } from '../../shared/model/types';
import type { MatrixCell } from '../../shared/engine/evaluate';
import { matrixExport } from '../../shared/engine/answer-export';
import { CELL_SYMBOL, CELL_TEXT } from '../../shared/engine/matrix-export';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSnapshot } from '../app/hooks';
import { CHANNEL_OPTIONS, ExportButtons, PageHeader, SearchField, Segmented, UserStatus, fromChannel, toChannel } from '../components/Controls';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { VirtualList } from '../components/VirtualList';
import { plural } from '../lib/format';
import { filterMatrix, matrixCategories, matrixRoles, roleName } from '../state/matrix';
import { dataOf } from '../state/resource';

const ROW = 40;
const PERSON_COL = 248;
const ROLES_COL = 200;
const CELL_COL = 40;

export function MatrixView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Access matrix" />;
  return <Matrix snapshotId={snapshot.id} />;
}

function Matrix({ snapshotId }: { snapshotId: number }) {
  const stores = useStores();
  const { matrix: store, scope } = stores;
  const resource = useSlice(store, (s) => s.matrix);
  const channel = useSlice(store, (s) => s.channel);
  const categories = useSlice(store, (s) => s.categories);
  const role = useSlice(store, (s) => s.role);
  const search = useSlice(store, (s) => s.search);
  const scopePath = useSlice(scope, (s) => s.path);
  const tick = useReloadTick();

  useEffect(() => {
    void store.getState().load(snapshotId, scopePath);
  }, [store, snapshotId, scopePath, channel]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    void store.getState().load(snapshotId, scopePath, true);
  }, [tick, store, snapshotId, scopePath]);

  const data = dataOf(resource)?.answer;
  const shown = useMemo(() => (data ? filterMatrix(data, { categories, role, search }) : null), [data, categories, role, search]);
  const allCategories = useMemo(() => (data ? matrixCategories(data) : []), [data]);
  const roles = useMemo(() => (data ? matrixRoles(data) : []), [data]);

  const snapshotInfo = dataOf(resource)?.snapshot;
  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      if (!shown || !snapshotInfo) return;
      const files = matrixExport({ snapshot: snapshotInfo, answer: shown }, { channel, filters: { categories, role, search } }, new Date());
      await saveExport(stores, files[format]);
    },
    [shown, snapshotInfo, channel, categories, role, search, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(shown ? exporter : null);

  const filtered = categories.length > 0 || role !== null || search.trim() !== '';
  return (
    <div className="page page-fill">
      <PageHeader
        title="Access matrix"
        description={
          <>
            What each person can do at {data?.scope ? <strong>{data.scope}</strong> : scopePath ? <strong>{scopePath}</strong> : 'the top of the tenancy'}
            {!scopePath && data?.scope ? ', the whole tenancy' : ''}. People whose roles apply only further down show ◐.
          </>
        }
        actions={
          <ExportButtons onExport={(format) => void exportAs(format)} disabled={!shown || shown.rows.length === 0} />
        }
      />
      <div className="toolbar">
        <SearchField label="Filter people" value={search} onChange={(text) => store.getState().setSearch(text)} />
        <CategoryFilter all={allCategories} chosen={categories} />
        <label className="inline-field">
          <span>Role</span>
          <select className="select select-small" aria-label="Role" value={role ?? ''} onChange={(e) => store.getState().setRole(e.target.value || null)}>
            <option value="">Any role</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <Segmented label="Channel" value={fromChannel(channel)} options={CHANNEL_OPTIONS} onChange={(c) => store.getState().setChannel(toChannel(c))} />
        {filtered && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => store.getState().clearFilters()}>
            Clear filters
          </button>
        )}
      </div>
      <div className="legend-row">
        <Legend />
        <span className="toolbar-spacer" />
        {resource.status === 'loading' && <Spinner size={14} />}
        {shown && (
          <span className="muted small nowrap" data-testid="matrix-count">
            {plural(shown.rows.length, 'person', 'people')} × {plural(shown.permissions.length, 'permission')}
          </span>
        )}
      </div>
      {resource.status === 'error' ? (
        <ErrorState error={resource.error} onRetry={() => void store.getState().load(snapshotId, scopePath, true)} />
      ) : !shown || !data ? (
        <Loading label="Building the matrix…" />
      ) : data.rows.length === 0 ? (
        <Empty icon="grid" title="No one holds a role here">
          No role assignment applies {scopePath ? <>at {scopePath} or below</> : 'in this snapshot'}.
        </Empty>
      ) : shown.rows.length === 0 || shown.permissions.length === 0 ? (
        <Empty
          icon="search"
          title="Nothing matches the filters"
          actions={
            <button type="button" className="btn" onClick={() => store.getState().clearFilters()}>
              Clear filters
            </button>
          }
        />
      ) : (
        <MatrixGrid matrix={shown} resetKey={`${categories.join('|')}:${role}:${search}:${scopePath}:${channel}`} />
      )}
    </div>
  );
}

function Legend() {
  const cells: MatrixCell[] = ['all', 'ui', 'api', 'below', 'none'];
  return (
    <ul className="legend" aria-label="Legend">
      {cells.map((c) => (
        <li key={c}>
          <Cell cell={c} />
          <span>{CELL_TEXT[c]}</span>
        </li>
      ))}
    </ul>
  );
}

function Cell({ cell }: { cell: MatrixCell }) {
  if (cell === 'ui' || cell === 'api') {
    return (
      <span className={`mcell mcell-${cell}`} title={CELL_TEXT[cell]} aria-label={CELL_TEXT[cell]}>
        {cell.toUpperCase()}
      </span>
    );
  }
  return (
    <span className={`mcell mcell-${cell}`} title={CELL_TEXT[cell]} aria-label={CELL_TEXT[cell]}>
      {CELL_SYMBOL[cell]}
    </span>
  );
}

function CategoryFilter({ all, chosen }: { all: string[]; chosen: string[] }) {
  const { matrix } = useStores();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    root.current?.querySelector<HTMLInputElement>('input')?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const label = chosen.length === 0 ? 'All categories' : chosen.length === 1 ? chosen[0] : `${chosen.length} categories`;
  return (
    <div
      className="popover-anchor"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          root.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button type="button" className={chosen.length > 0 ? 'btn btn-small btn-filter on' : 'btn btn-small btn-filter'} aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="muted">Category:</span> {label}
        <Icon name="chevronDown" size={14} />
      </button>
      {open && (
        <div className="popover" role="group" aria-label="Permission categories">
          <div className="popover-actions">
            <button type="button" className="link" onClick={() => matrix.getState().setCategories([])}>
              All
            </button>
          </div>
          <ul className="check-list">
            {all.map((c) => (
              <li key={c}>
                <label>
                  <input type="checkbox" checked={chosen.includes(c)} onChange={() => matrix.getState().toggleCategory(c)} />
                  <span>{c}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** "Admin @ A", "Admin @ B", "User @ C" → "Admin ×2, User". */
function rolesSummary(roles: string[]): string {
  const counts = new Map<string, number>();
  for (const r of roles) {
    const name = roleName(r);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

function categorySpans(permissions: Permission[]): { category: string; count: number }[] {
  const spans: { category: string; count: number }[] = [];
  for (const p of permissions) {
    const last = spans[spans.length - 1];
    if (last && last.category === p.category) last.count++;
    else spans.push({ category: p.category, count: 1 });
  }
  return spans;
}

function MatrixGrid({ matrix, resetKey }: { matrix: AccessMatrix; resetKey: string }) {
  const width = PERSON_COL + ROLES_COL + matrix.permissions.length * CELL_COL;
  const spans = useMemo(() => categorySpans(matrix.permissions), [matrix.permissions]);
  const starts = useMemo(() => {
    const set = new Set<number>();
    let at = 0;
    for (const s of spans) {
      set.add(at);
      at += s.count;
    }
    return set;
  }, [spans]);
  return (
    <VirtualList
      className="matrix"
      role="grid"
      aria-label="Access matrix"
      aria-rowcount={matrix.rows.length + 1}
      aria-colcount={matrix.permissions.length + 2}
      tabIndex={0}
      count={matrix.rows.length}
      rowHeight={ROW}
      overscan={10}
      contentWidth={width}
      resetKey={resetKey}
      header={
        <div className="mrow mhead" role="row" aria-rowindex={1}>
          <div className="mcol-person mhead-person" role="columnheader">
            Person
          </div>
          <div className="mcol-roles mhead-roles" role="columnheader">
            Roles
          </div>
          <div className="mhead-perms">
            <div className="mhead-groups" aria-hidden="true">
              {spans.map((s, i) => (
                <div key={i} className="mgroup" style={{ width: s.count * CELL_COL }} title={s.category}>
                  {s.count * CELL_COL >= 56 ? s.category : ''}
                </div>
              ))}
            </div>
            <div className="mhead-labels">
              {matrix.permissions.map((p, i) => (
                <div key={p.id} role="columnheader" className={starts.has(i) ? 'mlabel group-start' : 'mlabel'} title={`${p.label} (${p.category})`}>
                  <span>{p.label}</span>
                </div>
              ))}
            </div>
          </div>
        </div>
      }
      renderRow={(i) => {
        const row = matrix.rows[i];
        return (
          <div key={row.userId} className="mrow" role="row" aria-rowindex={i + 2}>
            <div className="mcol-person" role="rowheader">
              <span className="person-name">
                {row.name || row.email} <UserStatus status={row.status} mfa={row.mfa} />
              </span>
              <span className="person-email">{row.email}</span>
            </div>
            <div className="mcol-roles" role="gridcell" title={row.roles.join('\n')}>
              {rolesSummary(row.roles)}
            </div>
            {row.cells.map((cell, c) => (
              <div key={c} role="gridcell" className={starts.has(c) ? 'mcell-wrap group-start' : 'mcell-wrap'}>
                <Cell cell={cell} />
              </div>
            ))}
          </div>
        );
      }}
    />
  );
}

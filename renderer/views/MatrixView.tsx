// The access matrix: people × permissions at the current scope. Rows are windowed and fetched a page
// at a time as they come into view (100,000 people scroll smoothly, and are never all held); the
// header row and the person column stay in view; the back end filters by category, role and text and
// sorts; the exports are written by the host, a window at a time, with progress and cancel.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Channel, MatrixRow } from '../../shared/api';
import type { Permission } from '../../shared/model/types';
import type { MatrixCell } from '../../shared/engine/evaluate';
import { CELL_SYMBOL, CELL_TEXT } from '../../shared/engine/matrix-export';
import { useSlice, useStores } from '../app/context';
import { useBigExport, useExporter, useReloadTick, useSearchPause, useSnapshot } from '../app/hooks';
import {
  CHANNEL_OPTIONS,
  ExportButtons,
  ExportProgressBar,
  PageHeader,
  SearchField,
  Segmented,
  UserStatus,
  fromChannel,
  toChannel,
} from '../components/Controls';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { VirtualList } from '../components/VirtualList';
import { plural } from '../lib/format';
import { matrixQuestion, roleName, type MatrixSort } from '../state/matrix';
import { MatrixWhyDialog, cellSentence } from './MatrixWhy';

const ROW = 40;
/** A permission's column; the person and roles columns grow with the window (--person-col, --roles-col in app.css). */
const CELL_COL = 40;

export function MatrixView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Access matrix" />;
  return <Matrix snapshotId={snapshot.id} />;
}

const SORTS: { value: MatrixSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'Email' },
  { value: 'access', label: 'Most access' },
];

function Matrix({ snapshotId }: { snapshotId: number }) {
  const stores = useStores();
  const { matrix: store, scope } = stores;
  const rows = useSlice(store.rows.store, (s) => s);
  const channel = useSlice(store, (s) => s.channel);
  const categories = useSlice(store, (s) => s.categories);
  const role = useSlice(store, (s) => s.role);
  const search = useSlice(store, (s) => s.search);
  const sort = useSlice(store, (s) => s.sort);
  const applied = useSearchPause(search);
  const scopePath = useSlice(scope, (s) => s.path);
  const tick = useReloadTick();

  useEffect(() => {
    void store.load(snapshotId, scopePath, applied);
  }, [store, snapshotId, scopePath, channel, categories, role, applied, sort]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    void store.load(snapshotId, scopePath, applied, true);
  }, [tick, store, snapshotId, scopePath, applied]);

  const meta = rows.meta;
  const bigExport = useBigExport();
  const exportAs = useCallback(
    // The filter as typed, even before the view has applied it.
    (format: 'csv' | 'json') =>
      void bigExport.start({ kind: 'matrix', ...matrixQuestion(snapshotId, scopePath, store.getState(), store.getState().search) }, format),
    [bigExport, snapshotId, scopePath, store],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(meta && rows.total > 0 ? exporter : null);

  const filtered = categories.length > 0 || role !== null || search.trim() !== '';
  const settled = rows.status === 'ready' && applied === search;
  return (
    <div className="page page-fill">
      <PageHeader
        title="Access matrix"
        description={
          <>
            What each person can do at{' '}
            {meta?.scope ? <strong>{meta.scope}</strong> : scopePath ? <strong>{scopePath}</strong> : 'the top of the tenancy'}
            {!scopePath && meta?.scope ? ', the whole tenancy' : ''}. People whose roles apply only further down show ◐.
          </>
        }
        actions={
          bigExport.running ? (
            <ExportProgressBar running={bigExport.running} onCancel={bigExport.cancel} />
          ) : (
            <ExportButtons onExport={exportAs} disabled={!meta || rows.total === 0} />
          )
        }
      />
      <div className="toolbar">
        <SearchField label="Filter people" value={search} onChange={(text) => store.getState().setSearch(text)} />
        <CategoryFilter all={meta?.categories ?? []} chosen={categories} />
        <label className="inline-field">
          <span>Role</span>
          <select
            className="select select-small"
            aria-label="Role"
            value={role ?? ''}
            onChange={(e) => store.getState().setRole(e.target.value || null)}
          >
            <option value="">Any role</option>
            {(meta?.roles ?? []).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Sort</span>
          <select
            className="select select-small"
            aria-label="Sort people by"
            value={sort}
            onChange={(e) => store.getState().setSort(e.target.value as MatrixSort)}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <Segmented
          label="Channel"
          value={fromChannel(channel)}
          options={CHANNEL_OPTIONS}
          onChange={(c) => store.getState().setChannel(toChannel(c))}
        />
        {filtered && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => store.getState().clearFilters()}>
            Clear filters
          </button>
        )}
      </div>
      <div className="legend-row">
        <Legend />
        <span className="toolbar-spacer" />
        {!settled && rows.status !== 'error' && <Spinner size={14} />}
        {meta && (
          <span className="muted small nowrap" data-testid="matrix-count">
            {plural(rows.total, 'person', 'people')} × {plural(meta.permissions.length, 'permission')}
          </span>
        )}
      </div>
      {rows.status === 'error' && rows.error ? (
        <ErrorState error={rows.error} onRetry={() => void store.load(snapshotId, scopePath, applied, true)} />
      ) : !meta ? (
        <Loading label="Building the matrix…" />
      ) : rows.total === 0 && !filtered ? (
        <Empty icon="grid" title="No one holds a role here">
          No role assignment applies {scopePath ? <>at {scopePath} or below</> : 'in this snapshot'}.
        </Empty>
      ) : rows.total === 0 || meta.permissions.length === 0 ? (
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
        <MatrixGrid
          snapshotId={snapshotId}
          permissions={meta.permissions}
          scope={meta.scope}
          channel={channel}
          total={rows.total}
          rowAt={store.rows.rowAt}
          onRange={store.rows.show}
          resetKey={rows.key}
        />
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

/** A cell's mark; `hidden` inside a control that says it in words. */
function Cell({ cell, hidden }: { cell: MatrixCell; hidden?: boolean }) {
  const described = hidden ? { 'aria-hidden': true } : { title: CELL_TEXT[cell], 'aria-label': CELL_TEXT[cell] };
  return (
    <span className={`mcell mcell-${cell}`} {...described}>
      {cell === 'ui' || cell === 'api' ? cell.toUpperCase() : CELL_SYMBOL[cell]}
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
      <button
        type="button"
        className={chosen.length > 0 ? 'btn btn-small btn-filter on' : 'btn btn-small btn-filter'}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
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

interface GridProps {
  snapshotId: number;
  permissions: Permission[];
  /** What the cells are about: the matrix's scope (null for a top above several roots), and the channel asked. */
  scope: string | null;
  channel: Channel | null;
  total: number;
  /** Row i, once its page has arrived. */
  rowAt(i: number): MatrixRow | undefined;
  onRange(start: number, end: number): void;
  resetKey: string | null;
}

/** A cell of the grid: its row (0 = the first person) and column (0 = the first permission). */
interface At {
  row: number;
  column: number;
}

// A cell is one element (its mark drawn by CSS), found by its row's index and its place in the row
// (after the person and roles columns): thousands are drawn at once, so each carries little.
const cellSelector = ({ row, column }: At) => `[role=row][aria-rowindex="${row + 2}"] > [data-cell]:nth-child(${column + 3})`;

/** The cell an event happened in, and where it is. */
function cellOf(target: EventTarget): { el: HTMLElement; at: At } | null {
  const el = (target as HTMLElement).closest<HTMLElement>('[data-cell]');
  const row = el?.parentElement?.getAttribute('aria-rowindex');
  if (!el?.parentElement || !row) return null;
  return { el, at: { row: Number(row) - 2, column: Array.prototype.indexOf.call(el.parentElement.children, el) - 2 } };
}

/**
 * The grid. Each cell names its answer in words; opening it (click, Enter or Space) shows the why. One cell is
 * in the Tab order (a roving tabindex: the last one focused, or in its column the first row drawn when
 * it has scrolled away), and the arrow keys, Home, End and Page Up/Down move between cells.
 */
function MatrixGrid({ snapshotId, permissions, scope, channel, total, rowAt, onRange, resetKey }: GridProps) {
  const { matrix } = useStores();
  const spans = useMemo(() => categorySpans(permissions), [permissions]);
  const starts = useMemo(() => {
    const set = new Set<number>();
    let at = 0;
    for (const s of spans) {
      set.add(at);
      at += s.count;
    }
    return set;
  }, [spans]);
  const grid = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<At>({ row: 0, column: 0 });
  const [drawn, setDrawn] = useState({ start: 0, end: 0 });
  const [scrollTo, setScrollTo] = useState<number | null>(null);
  const focusWanted = useRef(false);
  const columns = permissions.length;
  const at = { row: Math.min(active.row, Math.max(0, total - 1)), column: Math.min(active.column, columns - 1) };
  const tabRow = at.row >= drawn.start && at.row < drawn.end ? at.row : drawn.start;

  const onRows = useCallback(
    (start: number, end: number) => {
      onRange(start, end);
      setDrawn({ start, end });
    },
    [onRange],
  );

  // A cell moved to by the keyboard takes the focus once its row is drawn.
  useEffect(() => {
    if (!focusWanted.current) return;
    const cell = grid.current?.querySelector<HTMLElement>(cellSelector(at));
    if (cell) {
      focusWanted.current = false;
      cell.focus();
    }
  });

  const moveTo = (row: number, column: number) => {
    const next = { row: Math.max(0, Math.min(total - 1, row)), column: Math.max(0, Math.min(columns - 1, column)) };
    focusWanted.current = true;
    setActive(next);
    setScrollTo(next.row);
  };
  const page = Math.max(1, drawn.end - drawn.start - 20);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const target = cellOf(event.target);
    if (!target) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(target.at);
      return;
    }
    const { row, column } = at;
    const ctrl = event.ctrlKey || event.metaKey;
    const moves: Record<string, () => void> = {
      ArrowRight: () => moveTo(row, column + 1),
      ArrowLeft: () => moveTo(row, column - 1),
      ArrowDown: () => moveTo(row + 1, column),
      ArrowUp: () => moveTo(row - 1, column),
      PageDown: () => moveTo(row + page, column),
      PageUp: () => moveTo(row - page, column),
      Home: () => (ctrl ? moveTo(0, 0) : moveTo(row, 0)),
      End: () => (ctrl ? moveTo(total - 1, columns - 1) : moveTo(row, columns - 1)),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  };

  const open = ({ row, column }: At) => {
    const person = rowAt(row);
    const cell = person?.cells[column];
    if (!person || !cell) return;
    setActive({ row, column });
    void matrix.openWhy(snapshotId, {
      row,
      column,
      email: person.email,
      name: person.name,
      permission: permissions[column],
      cell,
      scope,
      channel,
    });
  };

  const closeWhy = useCallback(() => {
    const cell = matrix.getState().why?.cell;
    matrix.getState().closeWhy();
    // Back to the cell the why was opened from.
    if (cell) requestAnimationFrame(() => grid.current?.querySelector<HTMLElement>(cellSelector(cell))?.focus());
  }, [matrix]);

  return (
    <>
      <VirtualList
        ref={grid}
        className="matrix"
        role="grid"
        aria-label="Access matrix"
        aria-rowcount={total + 1}
        aria-colcount={columns + 2}
        count={total}
        onRange={onRows}
        rowHeight={ROW}
        overscan={10}
        contentMinWidth={`calc(var(--person-col) + var(--roles-col) + ${columns * CELL_COL}px)`}
        resetKey={resetKey}
        ensureVisible={scrollTo}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const cell = cellOf(event.target);
          if (cell) setActive(cell.at);
        }}
        onClick={(event) => {
          const cell = cellOf(event.target);
          if (cell) open(cell.at);
        }}
        onPointerOver={(event) => {
          // The tooltip is written when the pointer first comes, not for every cell drawn.
          const cell = cellOf(event.target);
          if (cell && !cell.el.title) cell.el.title = `${cell.el.getAttribute('aria-label')}. Open to see why.`;
        }}
        header={
          <div className="mrow mhead" role="row" aria-rowindex={1}>
            <div className="mcol-person mhead-person" role="columnheader">
              Person
            </div>
            <div className="mcol-roles mhead-roles" role="columnheader">
              Roles
            </div>
            <div className="mhead-perms" style={{ width: columns * CELL_COL }}>
              <div className="mhead-groups" aria-hidden="true">
                {spans.map((s, i) => (
                  <div key={i} className="mgroup" style={{ width: s.count * CELL_COL }} title={s.category}>
                    {s.count * CELL_COL >= 56 ? s.category : ''}
                  </div>
                ))}
              </div>
              <div className="mhead-labels">
                {permissions.map((p, i) => (
                  <div
                    key={p.id}
                    role="columnheader"
                    className={starts.has(i) ? 'mlabel group-start' : 'mlabel'}
                    title={`${p.label} (${p.category})`}
                  >
                    <span>{p.label}</span>
                  </div>
                ))}
              </div>
            </div>
          </div>
        }
        renderRow={(i) => {
          const row = rowAt(i);
          if (!row) {
            // Its page is on its way: the row keeps its place, and says so.
            return (
              <div key={`pending-${i}`} className="mrow mrow-pending" role="row" aria-rowindex={i + 2} aria-busy="true">
                <div className="mcol-person" role="rowheader">
                  <span className="person-name">Loading…</span>
                </div>
                <div className="mcol-roles" role="gridcell" />
                <div className="mcells-pending" style={{ width: columns * CELL_COL }} />
              </div>
            );
          }
          return (
            <MatrixRowView
              key={row.userId}
              row={row}
              index={i}
              starts={starts}
              permissions={permissions}
              scope={scope}
              tabColumn={i === tabRow ? at.column : -1}
            />
          );
        }}
      />
      <MatrixWhyDialog onClose={closeWhy} />
    </>
  );
}

interface RowProps {
  row: MatrixRow;
  index: number;
  starts: ReadonlySet<number>;
  permissions: Permission[];
  scope: string | null;
  /** The cell of this row in the Tab order; -1 for none. */
  tabColumn: number;
}

/**
 * One person's row. Memoized: when a page of rows arrives, the rows already drawn are not drawn
 * again (a row is the same object until its page is dropped), which keeps scrolling smooth.
 */
const MatrixRowView = memo(function MatrixRowView({ row, index, starts, permissions, scope, tabColumn }: RowProps) {
  const who = row.name || row.email;
  const roles = rolesSummary(row.roles);
  return (
    <div className="mrow" role="row" aria-rowindex={index + 2}>
      <div className="mcol-person" role="rowheader" title={row.name ? `${row.name}\n${row.email}` : row.email}>
        <span className="person-name">
          {who} <UserStatus status={row.status} mfa={row.mfa} />
        </span>
        <span className="person-email">{row.email}</span>
      </div>
      <div className="mcol-roles" role="gridcell" title={row.roles.join('\n')}>
        {roles}
      </div>
      {row.cells.map((cell, c) => (
        <div
          key={c}
          role="gridcell"
          className={starts.has(c) ? 'mcell-wrap group-start' : 'mcell-wrap'}
          data-cell={cell}
          tabIndex={c === tabColumn ? 0 : -1}
          aria-label={cellSentence(who, permissions[c].label, cell, scope)}
        />
      ))}
    </div>
  );
});

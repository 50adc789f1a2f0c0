// What Changes shows whatever is compared (two snapshots, two model versions): the heading with the
// choice of what is compared, the filters (privileged, gains or losses, a tenant, text), then the
// access changes as a list (by person or by permission) or the matrix of changed cells, each change
// opening to its why.
import type { ReactNode } from 'react';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { useSlice, useStores } from '../app/context';
import { AccessChanges, type PersonKind } from '../components/AccessChanges';
import { ChangesMatrix } from '../components/ChangesMatrix';
import { PageHeader, SearchField, Segmented } from '../components/Controls';
import { ScopePicker } from '../components/Pickers';
import type { CompareMode, Direction, Grouping, ChangesLayout } from '../state/changes';

const COMPARE: { value: CompareMode; label: string }[] = [
  { value: 'snapshots', label: 'Two snapshots' },
  { value: 'model', label: 'Two model versions' },
];

const DIRECTIONS: { value: Direction; label: string }[] = [
  { value: 'both', label: 'Gains and losses' },
  { value: 'gained', label: 'Gains only' },
  { value: 'lost', label: 'Losses only' },
];
const LAYOUTS: { value: ChangesLayout; label: string }[] = [
  { value: 'list', label: 'List' },
  { value: 'matrix', label: 'Matrix' },
];
const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'person', label: 'By person' },
  { value: 'permission', label: 'By permission' },
];

/** The page's heading, its exports, the choice of what is compared, and the way to What if (a change not made yet). */
export function ChangesHeader({ actions }: { actions?: ReactNode }) {
  const { changes, ui } = useStores();
  const compare = useSlice(changes, (s) => s.compare);
  return (
    <>
      <PageHeader
        title="Changes"
        description={
          compare === 'model'
            ? "What changed between two versions of the platform's role model: the roles and permissions, and whom it affects in the open snapshot."
            : 'What changed between two snapshots of one platform: who gained or lost which access, where, and through which assignment.'
        }
        actions={actions}
      />
      <div className="toolbar changes-compare">
        <Segmented label="Compare" value={compare} options={COMPARE} onChange={(c) => changes.getState().setView({ compare: c })} />
        <span className="toolbar-spacer" />
        <p className="changes-what-if">
          Try a change before making it:{' '}
          <button type="button" className="link" onClick={() => ui.getState().setView('what-if')}>
            What if
          </button>
        </p>
      </div>
    </>
  );
}

/** The filters of the changes; the tenants are the open snapshot's. */
export function ChangesFilters({ snapshotId }: { snapshotId: number }) {
  const { changes } = useStores();
  const privileged = useSlice(changes, (s) => s.privileged);
  const direction = useSlice(changes, (s) => s.direction);
  const search = useSlice(changes, (s) => s.search);
  const tenant = useSlice(changes, (s) => s.tenant);
  const set = changes.getState().setFilters;
  return (
    <div className="toolbar changes-filters" role="group" aria-label="Filters">
      <label className="inline-field check-field">
        <input type="checkbox" checked={privileged} onChange={(e) => set({ privileged: e.target.checked })} />
        <span>Privileged only</span>
      </label>
      <Segmented label="Gains or losses" value={direction} options={DIRECTIONS} onChange={(d) => set({ direction: d })} />
      <div className="inline-field changes-tenant">
        <span aria-hidden="true">Tenant</span>
        <ScopePicker snapshotId={snapshotId} label="Tenant" value={tenant} onChange={(path) => set({ tenant: path })} />
      </div>
      <SearchField
        label="Filter by person, permission or place"
        placeholder="Filter by person, permission or place"
        value={search}
        onChange={(text) => set({ search: text })}
      />
    </div>
  );
}

export interface ChangesAccessProps {
  /** The changes the filters show, and how many there are in all. */
  shown: PersonAccessChange[];
  total: number;
  kindOf(email: string): PersonKind;
  /** The why's last step: which side the change comes from. */
  side(change: PersonAccessChange): ReactNode;
  title?: string;
}

/** The shown changes as a list (by person or by permission) or as the matrix of changed cells. */
export function ChangesAccess({ shown, total, kindOf, side, title }: ChangesAccessProps) {
  const { changes } = useStores();
  const layout = useSlice(changes, (s) => s.layout);
  const grouping = useSlice(changes, (s) => s.grouping);
  const open = useSlice(changes, (s) => s.open);
  const cell = useSlice(changes, (s) => s.cell);
  const state = changes.getState();
  const toggle = (key: string) => changes.getState().toggle(key);
  return (
    <>
      <div className="toolbar changes-layout" role="group" aria-label="Show the changes">
        <Segmented label="Show as" value={layout} options={LAYOUTS} onChange={(l) => state.setView({ layout: l })} />
        {layout === 'list' && (
          <Segmented label="Group" value={grouping} options={GROUPINGS} onChange={(g) => state.setView({ grouping: g })} />
        )}
      </div>
      {layout === 'list' ? (
        <AccessChanges
          access={shown}
          total={total}
          kindOf={kindOf}
          open={open}
          onToggle={toggle}
          side={side}
          title={title}
          grouping={grouping}
        />
      ) : (
        <ChangesMatrix
          access={shown}
          cell={cell}
          onCell={(c) => state.setView({ cell: c })}
          detail={(list, heading) => (
            <AccessChanges access={list} total={list.length} kindOf={kindOf} open={open} onToggle={toggle} side={side} title={heading} />
          )}
        />
      )}
    </>
  );
}

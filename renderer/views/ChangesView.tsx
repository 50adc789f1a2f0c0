// Changes: what differs between two snapshots of one platform, or (ChangesModel.tsx) between two
// versions of its role model. The open snapshot is After; Before is picked among the platform's
// others (the newest earlier one at first). Effective access gained and lost, person by person or
// permission by permission, or as a matrix of the changed cells, each with the assignment behind
// it; people and assignments added, removed or changed; exports of what the filters show (the
// shared diff-export code writes the files).
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SnapshotInfo } from '../../shared/api';
import { exportFileName } from '../../shared/provenance';
import { snapshotDiffCsv, snapshotDiffJson } from '../../shared/engine/diff-export';
import type { PersonAccessChange, SnapshotDiff, UserChange } from '../../shared/engine/snapshot-diff';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSnapshot } from '../app/hooks';
import { Badge, ExportButtons } from '../components/Controls';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { WorkProgress } from '../components/Progress';
import { Empty, ErrorState } from '../components/Status';
import { fmtDateTime, fmtLastLogin, fmtNumber, plural } from '../lib/format';
import { beforeChoices, beforeOf, diffFilters, shownDiff } from '../state/changes';
import { dataOf } from '../state/resource';
import { platformOf } from '../state/snapshots';
import { ChangesAccess, ChangesFilters, ChangesHeader } from './ChangesAccess';
import { ModelCompare } from './ChangesModel';

const snapshotText = (s: SnapshotInfo) => `${s.name} · #${s.id} · ${fmtDateTime(s.importedAt)}`;

export function ChangesView() {
  const snapshot = useSnapshot();
  const { changes } = useStores();
  const compare = useSlice(changes, (s) => s.compare);
  if (!snapshot) return <NeedSnapshot title="Changes" />;
  return compare === 'model' ? <ModelCompare snapshot={snapshot} /> : <Changes after={snapshot} />;
}

function Changes({ after }: { after: SnapshotInfo }) {
  const stores = useStores();
  const { changes, snapshots } = stores;
  const list = useSlice(snapshots, (s) => dataOf(s.list));
  const platform = useSlice(snapshots, (s) => platformOf(s, after.platform));
  const picked = useSlice(changes, (s) => s.before);
  const diff = useSlice(changes, (s) => s.diff);
  const key = useSlice(changes, (s) => s.key);
  const privileged = useSlice(changes, (s) => s.privileged);
  const direction = useSlice(changes, (s) => s.direction);
  const search = useSlice(changes, (s) => s.search);
  const progress = useSlice(changes, (s) => s.progress);
  const tenant = useSlice(changes, (s) => s.tenant);
  const tick = useReloadTick();
  const id = useId();

  const all = list ?? [];
  const before = beforeOf(all, after, picked);
  const choices = beforeChoices(all, after);
  const beforeId = before?.id;

  useEffect(() => {
    if (beforeId !== undefined) void changes.ask(beforeId, after.id);
  }, [changes, beforeId, after.id]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    if (beforeId !== undefined) void changes.ask(beforeId, after.id, true);
  }, [tick, changes, beforeId, after.id]);

  const answered = beforeId !== undefined && key === `${beforeId}:${after.id}` && diff.status === 'ready' ? diff.data : undefined;
  const shown = useMemo(
    () => answered && shownDiff(answered, { privileged, direction, search, tenant }),
    [answered, privileged, direction, search, tenant],
  );

  const exportAs = useCallback(
    (format: 'csv' | 'json') => {
      const s = changes.getState();
      const data = dataOf(s.diff);
      if (!data) return;
      const view = shownDiff(data, s);
      const now = new Date();
      const name = exportFileName(data.after, { scope: s.tenant, subject: `changes-since-snapshot-${data.before.id}` }, now, format);
      const text =
        format === 'csv' ? snapshotDiffCsv(view, {}) : `${JSON.stringify(snapshotDiffJson(view, diffFilters(s), now), null, 2)}\n`;
      void saveExport(stores, { name, text });
    },
    [changes, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(answered ? exporter : null);

  const platformName = platform?.name ?? after.platform;
  return (
    <div className="page">
      <ChangesHeader actions={answered && <ExportButtons onExport={exportAs} />} />
      <section className="card changes-pick" aria-label="Snapshots compared">
        <div className="field">
          <label htmlFor={`${id}-before`}>Before</label>
          <select
            id={`${id}-before`}
            className="select"
            value={beforeId ?? ''}
            disabled={choices.length === 0}
            onChange={(e) => changes.getState().setBefore(Number(e.target.value))}
          >
            {!before && <option value="">{choices.length === 0 ? `No other ${platformName} snapshot` : 'Choose a snapshot…'}</option>}
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {snapshotText(s)}
              </option>
            ))}
          </select>
        </div>
        <Icon name="arrowRight" className="changes-arrow" />
        <div className="field">
          <label htmlFor={`${id}-after`}>After</label>
          <select
            id={`${id}-after`}
            className="select"
            value={after.id}
            onChange={(e) => snapshots.getState().select(Number(e.target.value))}
          >
            {all.map((s) => (
              <option key={s.id} value={s.id}>
                {snapshotText(s)}
              </option>
            ))}
          </select>
        </div>
      </section>
      {!before ? (
        <Empty
          icon="layers"
          title={`No earlier ${platformName} snapshot`}
          actions={
            <button type="button" className="btn" onClick={() => stores.wizard.getState().start()}>
              <Icon name="upload" /> Import CSV…
            </button>
          }
        >
          {choices.length === 0
            ? `Changes compares two snapshots of one platform. Import another ${platformName} export to see what changed since “${after.name}”.`
            : `“${after.name}” is the oldest ${platformName} snapshot here: choose a later one as Before to see the changes backwards, or a later After.`}
        </Empty>
      ) : diff.status === 'error' && diff.error.kind === 'cancelled' ? (
        <Empty
          title="Comparison cancelled"
          actions={
            <button type="button" className="btn" onClick={() => void changes.ask(before.id, after.id, true)}>
              Compare again
            </button>
          }
        >
          The comparison of “{before.name}” with “{after.name}” was stopped before it finished.
        </Empty>
      ) : diff.status === 'error' ? (
        <ErrorState error={diff.error} onRetry={() => void changes.ask(before.id, after.id, true)} />
      ) : !answered || !shown ? (
        <div className="state">
          <WorkProgress
            label="Comparison"
            doing={progress ? 'Comparing people…' : 'Comparing the snapshots…'}
            done={progress?.done ?? 0}
            total={progress?.total ?? 0}
            onCancel={() => changes.cancel()}
          />
        </div>
      ) : (
        <Diff diff={answered} shown={shown} snapshotId={after.id} />
      )}
    </div>
  );
}

function Diff({ diff, shown, snapshotId }: { diff: SnapshotDiff; shown: SnapshotDiff; snapshotId: number }) {
  const { counts } = diff;
  const kindOf = useCallback(
    (email: string) => (diff.users.added.includes(email) ? 'added' : diff.users.removed.includes(email) ? 'removed' : 'changed'),
    [diff],
  );
  return (
    <>
      <section className="card changes-summary" aria-label="Summary">
        <p className="changes-summary-line" data-testid="changes-summary">
          {diff.summary}
        </p>
        <div className="changes-counts">
          <Badge tone="success">{plural(counts.gained, 'grant')} gained</Badge>
          <Badge tone="danger">{plural(counts.lost, 'grant')} lost</Badge>
          <Badge>{plural(counts.usersAdded, 'person', 'people')} added</Badge>
          <Badge>{plural(counts.usersRemoved, 'person', 'people')} removed</Badge>
          <Badge>{plural(counts.usersChanged, 'person', 'people')} changed</Badge>
          <Badge>{plural(counts.assignmentsAdded, 'assignment')} added</Badge>
          <Badge>{plural(counts.assignmentsRemoved, 'assignment')} removed</Badge>
        </div>
        {diff.modelNote && (
          <p className="changes-note">
            <Icon name="info" /> {diff.modelNote}
          </p>
        )}
      </section>
      <ChangesFilters snapshotId={snapshotId} />
      <ChangesAccess
        shown={shown.access}
        total={diff.access.length}
        kindOf={kindOf}
        side={(c) => <SnapshotSide diff={diff} change={c} />}
      />
      <Fold title="People added" count={shown.users.added.length}>
        <PeopleList emails={shown.users.added} diff={diff} />
      </Fold>
      <Fold title="People removed" count={shown.users.removed.length}>
        <PeopleList emails={shown.users.removed} diff={diff} />
      </Fold>
      <Fold title="People changed" count={shown.users.changed.length}>
        <PeopleChanged people={shown.users.changed} />
      </Fold>
      <Fold title="Assignments added" count={shown.assignments.added.length}>
        <Assignments rows={shown.assignments.added} />
      </Fold>
      <Fold title="Assignments removed" count={shown.assignments.removed.length}>
        <Assignments rows={shown.assignments.removed} />
      </Fold>
    </>
  );
}

/** The why's last step in Changes: the assignment is in After (a gain) or in Before (a loss). */
function SnapshotSide({ diff, change }: { diff: SnapshotDiff; change: PersonAccessChange }) {
  const gained = change.change === 'gained';
  const from = gained ? diff.after : diff.before;
  return (
    <>
      <span className="chain-step">Snapshot</span>
      <span className="chain-text">
        The assignment is in {gained ? 'After' : 'Before'}: <strong>{from.name}</strong> (#{from.id}, imported{' '}
        {fmtDateTime(from.importedAt)}){gained ? '' : ', and is gone or no longer grants this in After'}
      </span>
    </>
  );
}

/** A section shown folded, with its count; its heading's button opens it. */
function Fold({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card fold" aria-label={title}>
      <h2 className="fold-title">
        <button type="button" className="fold-button" aria-expanded={open} onClick={() => setOpen(!open)} disabled={count === 0}>
          <Icon name={open && count > 0 ? 'chevronDown' : 'chevronRight'} size={14} />
          {title}
          <Badge>{fmtNumber(count)}</Badge>
        </button>
      </h2>
      {open && count > 0 && children}
    </section>
  );
}

function PeopleList({ emails, diff }: { emails: string[]; diff: SnapshotDiff }) {
  const names = new Map(diff.access.map((c) => [c.email, c.name]));
  return (
    <ul className="fold-list">
      {emails.map((email) => (
        <li key={email}>
          {names.get(email) && <strong>{names.get(email)} </strong>}
          <span className="muted">{email}</span>
        </li>
      ))}
    </ul>
  );
}

const FIELD_LABELS: Record<UserChange['changes'][number]['field'], string> = {
  name: 'Name',
  status: 'Status',
  mfa: 'MFA',
  lastLogin: 'Last login',
};

function PeopleChanged({ people }: { people: UserChange[] }) {
  const show = (field: string, value: string | null) => (field === 'lastLogin' ? fmtLastLogin(value) : (value ?? 'unknown'));
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {people.flatMap((u) =>
            u.changes.map((c) => (
              <tr key={`${u.email}:${c.field}`}>
                <PersonCell name={u.name} email={u.email} />
                <td>{FIELD_LABELS[c.field]}</td>
                <td>{show(c.field, c.before)}</td>
                <td>
                  <Icon name="arrowRight" size={12} className="muted" /> {show(c.field, c.after)}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A table cell naming a person: their name over their email. */
function PersonCell({ name, email }: { name: string; email: string }) {
  return (
    <td>
      <div className="cell-title">{name}</div>
      <div className="cell-sub">{email}</div>
    </td>
  );
}

function Assignments({ rows }: { rows: SnapshotDiff['assignments']['added'] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">At</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={`${a.email}:${a.roleId}:${a.path}`}>
              <PersonCell name={a.name} email={a.email} />
              <td>
                <Badge tone="accent">{a.role}</Badge>
              </td>
              <td>{a.path}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

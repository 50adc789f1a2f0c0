// What if: a plan of proposed changes to the open snapshot, edited here (each change a sentence,
// removable; forms to add one), and the effective-access delta the back end works out after each
// edit: who would gain or lose what, where, and through which change. Plans are saved by name,
// opened, deleted, imported and exported as JSON; the delta exports as CSV and JSON.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ModelInfo, PersonAccessChange, SnapshotInfo, WhatIfAnswer } from '../../shared/api';
import { whatIfCsv, whatIfJson } from '../../shared/engine/diff-export';
import type { PlanChange } from '../../shared/engine/what-if';
import { exportFileName } from '../../shared/provenance';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSearchPause, useSnapshot, useSnapshotModel } from '../app/hooks';
import { AccessChanges } from '../components/AccessChanges';
import { Combobox, type ComboOption } from '../components/Combobox';
import { Badge, ChannelBadges, ExportButtons, PageHeader, Segmented } from '../components/Controls';
import { ConfirmDialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { PermissionPicker, ScopePicker } from '../components/Pickers';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtDateTime, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import {
  causeOf,
  changeProblem,
  describeChange,
  grantsWithPlan,
  namesOf,
  placeText,
  readPlan,
  roleName,
  toggleGrant,
  UNTITLED,
  type Names,
} from '../state/what-if';

export function WhatIfView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="What if" />;
  return <WhatIf snapshot={snapshot} />;
}

/** What the page asks the person to confirm: discarding edits, replacing a saved plan, deleting one. */
type Confirm = { kind: 'discard'; then: () => void } | { kind: 'replace' } | { kind: 'delete'; name: string };

function WhatIf({ snapshot }: { snapshot: SnapshotInfo }) {
  const stores = useStores();
  const { whatIf } = stores;
  const plan = useSlice(whatIf, (s) => s.plan);
  const answer = useSlice(whatIf, (s) => s.answer);
  const forSnapshot = useSlice(whatIf, (s) => s.snapshotId);
  const people = useSlice(whatIf, (s) => s.names);
  const model = dataOf(useSnapshotModel());
  const tick = useReloadTick();
  const names = useMemo(() => namesOf(model, people), [model, people]);

  useEffect(() => {
    void whatIf.loadPlans();
  }, [whatIf, tick]);
  // The delta after every edit of the changes (not of the name), on the open snapshot.
  useEffect(() => {
    void whatIf.evaluate(snapshot.id);
  }, [whatIf, snapshot.id, plan.changes, tick]);

  const data = forSnapshot === snapshot.id ? dataOf(answer) : undefined;
  const problem = answer.status === 'error' ? changeProblem(answer.error.message) : null;

  const exportDelta = useCallback(
    (format: 'csv' | 'json') => {
      const result = dataOf(whatIf.getState().answer);
      if (!result) return;
      const now = new Date();
      const name = exportFileName(result.snapshot, { subject: `what-if-${result.answer.plan}` }, now, format);
      const text = format === 'csv' ? whatIfCsv(result.answer) : `${JSON.stringify(whatIfJson(result, now), null, 2)}\n`;
      void saveExport(stores, { name, text });
    },
    [stores, whatIf],
  );
  const exporter = useCallback(() => exportDelta('csv'), [exportDelta]);
  useExporter(data ? exporter : null);

  return (
    <div className="page">
      <PageHeader
        title="What if"
        description="Propose changes to this snapshot — give or take a role, offboard or move a person, change what a role grants — and see whose access would change, where, and why. The snapshot itself is not changed."
      />
      <PlanCard snapshot={snapshot} />
      <div className="whatif-edit">
        <ChangeList names={names} problemAt={problem?.number ?? null} />
        {model ? <ProposeCard snapshotId={snapshot.id} model={model} /> : <Loading label="Loading the role model…" />}
      </div>
      {plan.changes.length === 0 ? (
        <Empty icon="sparkle" title="No changes proposed yet">
          Add a change to the plan to see who would gain or lose access on “{snapshot.name}”.
        </Empty>
      ) : answer.status === 'error' ? (
        problem ? (
          <div className="card whatif-problem" role="alert">
            <Icon name="alert" />
            <div>
              <strong>Change {problem.number} does not fit this snapshot</strong>
              <p>
                {plan.changes[problem.number - 1] ? `“${describeChange(plan.changes[problem.number - 1], names)}”: ` : ''}
                {problem.text}. Remove or change it to see the delta.
              </p>
            </div>
          </div>
        ) : (
          <ErrorState error={answer.error} onRetry={() => void whatIf.evaluate(snapshot.id)} />
        )
      ) : !data ? (
        <Loading label="Working out the delta…" />
      ) : (
        <Delta answer={data.answer} updating={answer.status === 'loading'} onExport={exportDelta} names={names} />
      )}
    </div>
  );
}

/** The plan's name and description, whether it is saved, and the saved plans to open. */
function PlanCard({ snapshot }: { snapshot: SnapshotInfo }) {
  const stores = useStores();
  const { whatIf, ui } = stores;
  const plan = useSlice(whatIf, (s) => s.plan);
  const saved = useSlice(whatIf, (s) => s.saved);
  const edited = useSlice(whatIf, (s) => s.edited);
  const plans = useSlice(whatIf, (s) => dataOf(s.plans)) ?? [];
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const id = useId();

  const name = plan.name.trim();
  const guard = (then: () => void) => (edited && plan.changes.length > 0 ? setConfirm({ kind: 'discard', then }) : then());
  const fail = (what: string) => (error: unknown) => ui.getState().notify(`${what}: ${ApiError.from(error).message}`, 'error');

  const save = async () => {
    setConfirm(null);
    setBusy(true);
    try {
      const done = await whatIf.save();
      ui.getState().notify(`Saved the plan “${done.name}”`, 'success');
    } catch (error) {
      fail('Could not save the plan')(error);
    } finally {
      setBusy(false);
    }
  };
  const open = (which: string) => guard(() => void whatIf.open(which).catch(fail(`Could not open “${which}”`)));
  const remove = async (which: string) => {
    setConfirm(null);
    try {
      await whatIf.remove(which);
      ui.getState().notify(`Deleted the saved plan “${which}”`, 'success');
    } catch (error) {
      fail('Could not delete the plan')(error);
    }
  };
  const importFile = async (picked: File | undefined) => {
    if (!picked) return;
    const read = readPlan(await picked.text());
    if (read.ok) guard(() => whatIf.take(read.plan));
    else ui.getState().notify(`${picked.name} is not a plan: ${read.problems.slice(0, 3).join('; ')}`, 'error');
  };
  const exportPlan = () => {
    const text = `${JSON.stringify({ ...plan, name: name || UNTITLED }, null, 2)}\n`;
    void saveExport(stores, { name: exportFileName(snapshot, { subject: `plan-${name || UNTITLED}` }, new Date(), 'json'), text });
  };

  const status = saved === null ? 'Not saved' : edited ? 'Changed since saved' : 'Saved';
  return (
    <section className="card whatif-plan" aria-label="Plan">
      <div className="whatif-plan-fields">
        <div className="field">
          <label htmlFor={`${id}-name`}>Plan name</label>
          <input
            id={`${id}-name`}
            className="input"
            value={plan.name}
            maxLength={200}
            placeholder={UNTITLED}
            onChange={(e) => whatIf.getState().setName(e.target.value)}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-description`}>
            Description <span className="optional">optional</span>
          </label>
          <input
            id={`${id}-description`}
            className="input"
            value={plan.description ?? ''}
            maxLength={2000}
            placeholder="What the plan is for"
            onChange={(e) => whatIf.getState().setDescription(e.target.value)}
          />
        </div>
      </div>
      <div className="toolbar whatif-plan-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || name === ''}
          title={name === '' ? 'Name the plan to save it' : undefined}
          onClick={() => (saved !== name && plans.some((p) => p.name === name) ? setConfirm({ kind: 'replace' }) : void save())}
        >
          <Icon name="check" /> Save plan
        </button>
        <span className="muted small" data-testid="plan-status">
          {name === '' ? 'Name the plan to save it' : status}
        </span>
        {saved !== null && (
          <button type="button" className="btn btn-small" onClick={() => setConfirm({ kind: 'delete', name: saved })}>
            <Icon name="trash" /> Delete
          </button>
        )}
        <span className="toolbar-spacer" />
        <select
          aria-label="Saved plans"
          className="select select-small whatif-saved"
          value=""
          disabled={plans.length === 0}
          onChange={(e) => e.target.value && open(e.target.value)}
        >
          <option value="">{plans.length === 0 ? 'None saved yet' : 'Open a saved plan…'}</option>
          {plans.map((p) => (
            <option key={p.name} value={p.name}>
              {`${p.name} (${plural(p.changes, 'change')}, saved ${fmtDateTime(p.savedAt)})`}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" onClick={() => guard(() => whatIf.getState().newPlan())}>
          <Icon name="plus" /> New plan
        </button>
        <button type="button" className="btn btn-small" onClick={() => file.current?.click()}>
          <Icon name="upload" /> Import plan…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <button type="button" className="btn btn-small" onClick={exportPlan} disabled={plan.changes.length === 0}>
          <Icon name="download" /> Export plan
        </button>
      </div>
      <ConfirmDialog
        open={confirm?.kind === 'discard'}
        title="Discard the changes to this plan?"
        confirmLabel="Discard"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          if (confirm?.kind === 'discard') confirm.then();
          setConfirm(null);
        }}
      >
        The plan in the editor has changes that are not saved. Save it first to keep them.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm?.kind === 'replace'}
        title={`Replace the saved plan “${name}”?`}
        confirmLabel="Replace"
        danger
        busy={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void save()}
      >
        A plan of this name is saved already. Saving replaces it with this one.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm?.kind === 'delete'}
        title={`Delete the saved plan “${confirm?.kind === 'delete' ? confirm.name : ''}”?`}
        confirmLabel="Delete"
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm?.kind === 'delete' && void remove(confirm.name)}
      >
        The plan is removed from the database. What the editor shows stays until you start another plan.
      </ConfirmDialog>
    </section>
  );
}

/** The plan's changes in order, each a sentence with its number and a Remove button. */
function ChangeList({ names, problemAt }: { names: Names; problemAt: number | null }) {
  const { whatIf } = useStores();
  const changes = useSlice(whatIf, (s) => s.plan.changes);
  return (
    <section className="card whatif-changes" aria-labelledby="whatif-changes-title">
      <h2 className="card-title" id="whatif-changes-title">
        Changes in this plan <Badge>{changes.length}</Badge>
      </h2>
      {changes.length === 0 ? (
        <p className="muted">None yet. Propose one with the form: the delta below updates after each change.</p>
      ) : (
        <ol className="whatif-change-list" aria-label="Plan changes">
          {changes.map((change, i) => {
            const text = describeChange(change, names);
            const bad = problemAt === i + 1;
            return (
              <li key={`${i}:${JSON.stringify(change)}`} className={bad ? 'whatif-change bad' : 'whatif-change'} data-testid="plan-change">
                <span className="whatif-change-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="whatif-change-text">
                  {text}
                  {bad && (
                    <span className="whatif-change-problem">
                      <Icon name="alert" size={14} /> does not fit this snapshot
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="btn btn-icon btn-ghost"
                  aria-label={`Remove change ${i + 1}: ${text}`}
                  title="Remove this change"
                  onClick={() => whatIf.getState().removeChange(i)}
                >
                  <Icon name="x" size={14} />
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

type Kind = 'add' | 'remove' | 'remove-person' | 'move' | 'grant';
const KINDS: { value: Kind; label: string }[] = [
  { value: 'add', label: 'Give a role' },
  { value: 'remove', label: 'Take a role' },
  { value: 'remove-person', label: 'Offboard' },
  { value: 'move', label: 'Move' },
  { value: 'grant', label: 'Change a role' },
];

/** The forms that add a change: one kind at a time. */
function ProposeCard({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const [kind, setKind] = useState<Kind>('add');
  return (
    <section className="card whatif-propose" aria-label="Propose a change">
      <h2 className="card-title">Propose a change</h2>
      <Segmented label="Kind of change" value={kind} options={KINDS} onChange={setKind} />
      {kind === 'add' && <AddForm snapshotId={snapshotId} model={model} />}
      {kind === 'remove' && <RemoveForm snapshotId={snapshotId} model={model} />}
      {kind === 'remove-person' && <OffboardForm snapshotId={snapshotId} />}
      {kind === 'move' && <MoveForm snapshotId={snapshotId} model={model} />}
      {kind === 'grant' && <GrantForm model={model} />}
    </section>
  );
}

/** A person picked: their email, name, and whether they are not in the snapshot yet. */
interface Person {
  email: string;
  name: string;
  isNew: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A person of the snapshot, searched by name or email as one types; with `allowNew`, a new email too. */
function PersonPicker({
  snapshotId,
  value,
  onChange,
  allowNew,
  id,
}: {
  snapshotId: number;
  value: Person | null;
  onChange: (person: Person | null) => void;
  allowNew?: boolean;
  id: string;
}) {
  const { whatIf } = useStores();
  const found = useSlice(whatIf, (s) => dataOf(s.people));
  const [typed, setTyped] = useState('');
  const search = useSearchPause(typed);
  useEffect(() => {
    void whatIf.findPeople(snapshotId, search);
  }, [whatIf, snapshotId, search]);

  const options = useMemo<ComboOption[]>(() => {
    const list: ComboOption[] = (found ?? []).map((u) => ({ value: u.email, label: u.name || u.email, keywords: u.email, hint: u.email }));
    if (value && !list.some((o) => o.value === value.email))
      list.unshift({ value: value.email, label: value.name, keywords: value.email, hint: value.isNew ? 'new person' : value.email });
    const email = typed.trim().toLowerCase();
    if (allowNew && EMAIL.test(email) && !list.some((o) => o.value === email))
      list.push({ value: email, label: email, hint: 'new person' });
    return list;
  }, [found, value, typed, allowNew]);

  return (
    <Combobox
      id={id}
      label="Person"
      placeholder={allowNew ? 'Search name or email, or type a new email' : 'Search name or email'}
      options={options}
      value={value?.email ?? null}
      onInputChange={setTyped}
      emptyText={allowNew ? 'No one matches: type their whole email to add a new person' : 'No one matches'}
      onChange={(email) => {
        if (email === null) return onChange(null);
        const known = found?.find((u) => u.email === email);
        onChange(
          known ? { email, name: known.name || email, isNew: false } : { email, name: email, isNew: value?.email !== email || value.isNew },
        );
      }}
    />
  );
}

/** A form's row of fields and its Add button. */
function ProposeForm({ children, ready, onAdd, hint }: { children: ReactNode; ready: boolean; onAdd: () => void; hint?: ReactNode }) {
  return (
    <form
      className="whatif-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onAdd();
      }}
    >
      {children}
      <div className="whatif-form-actions">
        {hint && <span className="muted small">{hint}</span>}
        <button type="submit" className="btn btn-primary" disabled={!ready}>
          <Icon name="plus" /> Add to plan
        </button>
      </div>
    </form>
  );
}

function Field({ label, htmlFor, children, wide }: { label: ReactNode; htmlFor: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
    </div>
  );
}

/** The tenant tree's node for a path, once loaded. */
function useNode(snapshotId: number, path: string | null) {
  const { tree } = useStores();
  return useSlice(tree, (s) => (s.snapshotId === snapshotId && path ? dataOf(s.nodes)?.find((n) => n.path === path) : undefined));
}

function AddForm({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const { whatIf } = useStores();
  const id = useId();
  const [person, setPerson] = useState<Person | null>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<string | null>(null);
  const [role, setRole] = useState('');
  const node = useNode(snapshotId, scope);
  const roles = model.roles.filter((r) => r.level === node?.level);
  const roleId = roles.some((r) => r.id === role) ? role : '';
  return (
    <ProposeForm
      ready={person !== null && node !== undefined && roleId !== ''}
      onAdd={() => {
        if (!person || !scope) return;
        const given = person.isNew ? name.trim() : '';
        whatIf
          .getState()
          .addChange({ op: 'add', email: person.email, ...(given ? { name: given } : {}), role: roleId, scope }, given || person.name);
        setRole('');
      }}
    >
      <Field label="Person" htmlFor={`${id}-person`} wide>
        <PersonPicker id={`${id}-person`} snapshotId={snapshotId} value={person} onChange={setPerson} allowNew />
      </Field>
      {person?.isNew && (
        <Field label="Their name" htmlFor={`${id}-name`}>
          <input id={`${id}-name`} className="input" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
        </Field>
      )}
      <Field label="At tenant" htmlFor={`${id}-scope`}>
        <ScopePicker id={`${id}-scope`} label="Tenant" allowAll={false} snapshotId={snapshotId} value={scope} onChange={setScope} />
      </Field>
      <Field label="Role" htmlFor={`${id}-role`}>
        <select id={`${id}-role`} className="select" value={roleId} disabled={!node} onChange={(e) => setRole(e.target.value)}>
          <option value="">{node ? 'Choose a role…' : 'Choose a tenant first'}</option>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {roleName(model, r)}
            </option>
          ))}
        </select>
      </Field>
    </ProposeForm>
  );
}

/** A person's assignments in the snapshot, asked for when picked. */
function useHeld(snapshotId: number, person: Person | null, model: ModelInfo) {
  const { whatIf } = useStores();
  const held = useSlice(whatIf, (s) => s.held);
  const email = person && !person.isNew ? person.email : null;
  useEffect(() => {
    if (email) void whatIf.loadHeld(snapshotId, email, model);
  }, [whatIf, snapshotId, email, model]);
  const data = dataOf(held);
  return { loading: held.status === 'loading', assignments: email && data?.email === email ? data.assignments : undefined };
}

function RemoveForm({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const { whatIf } = useStores();
  const id = useId();
  const [person, setPerson] = useState<Person | null>(null);
  const [pick, setPick] = useState('');
  const { assignments } = useHeld(snapshotId, person, model);
  const keyOf = (a: { roleId: string; path: string }) => `${a.roleId}\n${a.path}`;
  const chosen = assignments?.find((a) => keyOf(a) === pick);
  return (
    <ProposeForm
      ready={person !== null && chosen !== undefined}
      onAdd={() => {
        if (!person || !chosen) return;
        whatIf.getState().addChange({ op: 'remove', email: person.email, role: chosen.roleId, scope: chosen.path }, person.name);
        setPick('');
      }}
    >
      <Field label="Person" htmlFor={`${id}-person`} wide>
        <PersonPicker id={`${id}-person`} snapshotId={snapshotId} value={person} onChange={setPerson} />
      </Field>
      <Field label="Their role to take away" htmlFor={`${id}-held`} wide>
        <select
          id={`${id}-held`}
          className="select"
          value={chosen ? pick : ''}
          disabled={!assignments}
          onChange={(e) => setPick(e.target.value)}
        >
          <option value="">
            {!person
              ? 'Choose a person first'
              : !assignments
                ? 'Loading their roles…'
                : assignments.length === 0
                  ? 'They hold no role'
                  : 'Choose one…'}
          </option>
          {assignments?.map((a) => (
            <option key={keyOf(a)} value={keyOf(a)}>
              {`${roleName(model, model.roles.find((r) => r.id === a.roleId) ?? { id: a.roleId, name: a.roleId, level: '' })} at ${placeText(a.path)}`}
            </option>
          ))}
        </select>
      </Field>
    </ProposeForm>
  );
}

function OffboardForm({ snapshotId }: { snapshotId: number }) {
  const { whatIf } = useStores();
  const id = useId();
  const [person, setPerson] = useState<Person | null>(null);
  return (
    <ProposeForm
      ready={person !== null}
      hint="Every role they hold is removed."
      onAdd={() => {
        if (!person) return;
        whatIf.getState().addChange({ op: 'remove-person', email: person.email }, person.name);
        setPerson(null);
      }}
    >
      <Field label="Person" htmlFor={`${id}-person`} wide>
        <PersonPicker id={`${id}-person`} snapshotId={snapshotId} value={person} onChange={setPerson} />
      </Field>
    </ProposeForm>
  );
}

function MoveForm({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const { whatIf } = useStores();
  const id = useId();
  const [person, setPerson] = useState<Person | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState<string | null>(null);
  const { assignments } = useHeld(snapshotId, person, model);
  const places = [...new Set(assignments?.map((a) => a.path))];
  const fromPath = places.includes(from) ? from : '';
  const fromNode = useNode(snapshotId, fromPath || null);
  const sameLevel = useCallback(
    (n: { level: string; path: string }) => n.level === fromNode?.level && n.path !== fromNode.path,
    [fromNode],
  );
  const toPath = to !== null && to !== fromPath ? to : null;
  return (
    <ProposeForm
      ready={person !== null && fromPath !== '' && toPath !== null}
      hint="Their roles at one tenant go to another of the same level."
      onAdd={() => {
        if (!person || !toPath) return;
        whatIf.getState().addChange({ op: 'move', email: person.email, from: fromPath, to: toPath }, person.name);
        setTo(null);
      }}
    >
      <Field label="Person" htmlFor={`${id}-person`} wide>
        <PersonPicker id={`${id}-person`} snapshotId={snapshotId} value={person} onChange={setPerson} />
      </Field>
      <Field label="From tenant" htmlFor={`${id}-from`}>
        <select id={`${id}-from`} className="select" value={fromPath} disabled={!assignments} onChange={(e) => setFrom(e.target.value)}>
          <option value="">
            {!person
              ? 'Choose a person first'
              : !assignments
                ? 'Loading their roles…'
                : places.length === 0
                  ? 'They hold no role'
                  : 'Choose one…'}
          </option>
          {places.map((p) => (
            <option key={p} value={p}>
              {placeText(p)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="To tenant" htmlFor={`${id}-to`}>
        {fromNode ? (
          <ScopePicker
            id={`${id}-to`}
            label="To tenant"
            allowAll={false}
            snapshotId={snapshotId}
            value={toPath}
            onChange={setTo}
            only={sameLevel}
          />
        ) : (
          <select id={`${id}-to`} className="select" disabled value="">
            <option value="">Choose where from first</option>
          </select>
        )}
      </Field>
    </ProposeForm>
  );
}

function GrantForm({ model }: { model: ModelInfo }) {
  const { whatIf } = useStores();
  const changes = useSlice(whatIf, (s) => s.plan.changes);
  const id = useId();
  const [roleId, setRoleId] = useState('');
  const [permission, setPermission] = useState<string | null>(null);
  const role = model.roles.find((r) => r.id === roleId);
  const levels = model.platform.levels;
  const grantsNow = role && permission ? grantsWithPlan(role, permission, changes) : null;
  const planned =
    role && permission
      ? changes.some((c) => (c.op === 'grant' || c.op === 'revoke') && c.role === role.id && c.permission === permission)
      : false;
  const grant = role?.grants.find((g) => g.permission === permission);
  const roleText = role ? roleName(model, role) : '';
  return (
    <form
      className="whatif-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (role && permission) whatIf.getState().setChanges(toggleGrant(changes, role, permission));
      }}
    >
      <Field label="Role" htmlFor={`${id}-role`}>
        <select id={`${id}-role`} className="select" value={roleId} onChange={(e) => setRoleId(e.target.value)}>
          <option value="">Choose a role…</option>
          {levels.map((level) => (
            <optgroup key={level.id} label={level.name}>
              {model.roles
                .filter((r) => r.level === level.id)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {roleName(model, r)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label="Permission" htmlFor={`${id}-permission`} wide>
        <PermissionPicker id={`${id}-permission`} model={model} value={permission} onChange={setPermission} />
      </Field>
      <div className="whatif-form-actions">
        <span className="muted small" data-testid="grant-status">
          {grantsNow === null
            ? 'Choose a role and a permission: the plan grants it if the role does not, and takes it away if it does.'
            : planned
              ? `The plan ${grantsNow ? 'gives' : 'takes'} it ${grantsNow ? 'to' : 'from'} ${roleText}; undo that change to leave the role as it is.`
              : grantsNow
                ? `${roleText} grants this now`
                : `${roleText} does not grant this now`}
          {grantsNow && !planned && grant && (
            <>
              {' '}
              <ChannelBadges channels={grant.channels ?? ['ui', 'api']} />
            </>
          )}
        </span>
        <button type="submit" className="btn btn-primary" disabled={grantsNow === null}>
          {planned ? 'Undo the plan’s change' : grantsNow ? 'Revoke it' : 'Grant it'}
        </button>
      </div>
    </form>
  );
}

/** The delta: the summary with its counts, and each person's gains and losses with the plan's change behind them. */
function Delta({
  answer,
  updating,
  onExport,
  names,
}: {
  answer: WhatIfAnswer;
  updating: boolean;
  onExport: (format: 'csv' | 'json') => void;
  names: Names;
}) {
  const { whatIf } = useStores();
  const open = useSlice(whatIf, (s) => s.open);
  const changes = useSlice(whatIf, (s) => s.plan.changes);
  const lost = answer.access.filter((c) => c.change === 'lost');
  const losers = new Set(lost.map((c) => c.email)).size;
  const kindOf = useCallback(
    (email: string) => (answer.added.includes(email) ? 'added' : answer.removed.includes(email) ? 'removed' : 'changed'),
    [answer],
  );
  return (
    <>
      <section className="card changes-summary" aria-label="Delta">
        <div className="whatif-summary-head">
          <p className="changes-summary-line" data-testid="whatif-summary">
            {answer.summary}
          </p>
          {updating && (
            <span className="muted small whatif-updating" role="status">
              <Spinner size={12} /> Updating…
            </span>
          )}
          <ExportButtons small onExport={onExport} />
        </div>
        <div className="changes-counts">
          <Badge tone="success">
            {plural(answer.gained, 'grant')} gained by {plural(answer.gainers, 'person', 'people')}
          </Badge>
          <Badge tone="danger">
            {plural(lost.length, 'grant')} lost by {plural(losers, 'person', 'people')}
          </Badge>
          <Badge>{plural(answer.added.length, 'person', 'people')} added</Badge>
          <Badge>{plural(answer.removed.length, 'person', 'people')} removed</Badge>
        </div>
      </section>
      <AccessChanges
        title="Access that would change"
        access={answer.access}
        total={answer.access.length}
        kindOf={kindOf}
        open={open}
        onToggle={(key) => whatIf.getState().toggle(key)}
        side={(c) => <PlanSide change={c} changes={changes} names={names} />}
      />
    </>
  );
}

/** The why's last step in What if: the plan's change behind it. */
function PlanSide({ change, changes, names }: { change: PersonAccessChange; changes: readonly PlanChange[]; names: Names }) {
  const number = causeOf(change, changes);
  return (
    <>
      <span className="chain-step">Plan</span>
      <span className="chain-text">
        {number !== null && changes[number - 1] ? (
          <>
            Change {number} of the plan: <strong>{describeChange(changes[number - 1], names)}</strong>
          </>
        ) : (
          'The plan’s changes together'
        )}
      </span>
    </>
  );
}

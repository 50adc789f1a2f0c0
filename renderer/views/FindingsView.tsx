// Findings: the risks a reviewer must see first in the open snapshot, under the rules saved for its
// platform. Counts by severity at the top (each a filter), then the findings, each opening to why it
// matters, what to do, its people and tenants and the evidence: the assignments with their import
// rows and the vendor's words behind each grant. A finding can be accepted as an exception (a reason,
// who accepts it and its last day); Rule settings edit the thresholds, domains, pairs of duties and
// which rules run. Exports write the whole run, recorded in the database with the rules it ran with.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Finding, FindingsRules, FindingsRunSummary, FindingsSettings, RulesProblem, SnapshotInfo } from '../../shared/api';
import { evidenceOf, type EvidenceTable } from '../../shared/findings/evidence';
import { findingsCsv, findingsJson } from '../../shared/findings/export';
import { RULE_IDS, type DutyPair, type FindingException } from '../../shared/findings/settings';
import { exportFileName } from '../../shared/provenance';
import { ApiError } from '../api/bridge';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSnapshot } from '../app/hooks';
import { Badge, ExportButtons, PageHeader, SearchField } from '../components/Controls';
import { ConfirmDialog, Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { PotentialPath } from '../components/PotentialPath';
import { SeedCitation } from '../components/SeedCitation';
import { Empty, ErrorState, Loading } from '../components/Status';
import { FieldError, FormField, invalidProps, without } from '../components/Field';
import { fmtDate, fmtDateTime, fmtNumber, plural } from '../lib/format';
import {
  SEVERITY_FILTERS,
  exceptionFieldOf,
  exceptionTarget,
  fieldOf,
  findingKey,
  groupOf,
  ruleName,
  shownFindings,
  withRule,
  type SeverityFilter,
} from '../state/findings';
import { dataOf } from '../state/resource';
import { placeText } from '../state/what-if';

const GROUP_LABELS: Record<SeverityFilter, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
  'not-evaluable': 'Not evaluable',
  excepted: 'Excepted',
};

/** Findings shown at first, and added by "Show more": a long list stays quick to open. */
const PAGE = 100;

export function FindingsView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Findings" />;
  return <Findings snapshot={snapshot} />;
}

function Findings({ snapshot }: { snapshot: SnapshotInfo }) {
  const stores = useStores();
  const { findings } = stores;
  const answer = useSlice(findings, (s) => s.answer);
  const answeredFor = useSlice(findings, (s) => s.snapshotId);
  const rules = useSlice(findings, (s) => s.rules);
  const severity = useSlice(findings, (s) => s.severity);
  const rule = useSlice(findings, (s) => s.rule);
  const search = useSlice(findings, (s) => s.search);
  const tick = useReloadTick();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [openDialog, setOpenDialog] = useState<'exceptions' | 'runs' | null>(null);
  const id = useId();

  useEffect(() => {
    void findings.load(snapshot.id);
    void findings.loadRules(snapshot.platform);
  }, [findings, snapshot.id, snapshot.platform]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    void findings.load(snapshot.id, true);
    void findings.loadRules(snapshot.platform);
  }, [tick, findings, snapshot.id, snapshot.platform]);

  const data = answeredFor === snapshot.id ? dataOf(answer)?.answer : undefined;
  const shown = useMemo(() => (data ? shownFindings(data.findings, { severity, rule, search }) : []), [data, severity, rule, search]);

  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      try {
        const run = await findings.recorded(snapshot.id, format);
        const now = new Date();
        const name = exportFileName(run.snapshot, { subject: 'findings' }, now, format);
        const text = format === 'csv' ? findingsCsv(run.answer) : `${JSON.stringify(findingsJson(run, {}, now), null, 2)}\n`;
        await saveExport(stores, { name, text });
      } catch (error) {
        stores.ui.getState().notify(`Could not export the findings: ${error instanceof Error ? error.message : String(error)}`, 'error');
      }
    },
    [findings, snapshot.id, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(data ? exporter : null);

  // The rules of this snapshot's platform only: another platform's, still shown while these load, are never edited here.
  const loaded = dataOf(rules);
  const settings = loaded?.platform === snapshot.platform ? loaded : undefined;
  return (
    <div className="page">
      <PageHeader
        title="Findings"
        description="The risks to review first: privileged people without MFA, inactive or suspended accounts that still hold roles, too many admins, outside email domains, conflicting duties. Each with the assignments and the vendor's words behind it."
        actions={
          <>
            <button type="button" className="btn" onClick={() => setSettingsOpen(true)} disabled={!settings}>
              <Icon name="shield" /> Rule settings…
            </button>
            <button type="button" className="btn" onClick={() => setOpenDialog('exceptions')} disabled={!settings}>
              Exceptions ({fmtNumber(settings?.settings.exceptions?.length ?? 0)})…
            </button>
            <button type="button" className="btn" onClick={() => setOpenDialog('runs')}>
              Recorded runs…
            </button>
            {data && <ExportButtons onExport={(format) => void exportAs(format)} />}
          </>
        }
      />
      {answer.status === 'error' ? (
        <ErrorState error={answer.error} onRetry={() => void findings.load(snapshot.id, true)} />
      ) : !data ? (
        <Loading label="Looking for findings…" />
      ) : (
        <>
          <Counts findings={data.findings} expired={data.counts.expired} />
          <p className="findings-rules-note">
            {settings?.updatedAt
              ? `Rules saved ${fmtDateTime(settings.updatedAt)}, with ${plural(settings.settings.exceptions?.length ?? 0, 'accepted exception')}.`
              : 'Every rule runs with its defaults: no settings saved yet.'}{' '}
            Inactivity is measured to {fmtDate(data.referenceDate)}.
          </p>
          <div className="toolbar findings-filters" role="group" aria-label="Filters">
            <div className="inline-field">
              <label htmlFor={`${id}-severity`}>Severity</label>
              <select
                id={`${id}-severity`}
                className="select select-small"
                value={severity ?? ''}
                onChange={(e) => findings.getState().setFilters({ severity: (e.target.value || null) as SeverityFilter | null })}
              >
                <option value="">All</option>
                {SEVERITY_FILTERS.map((g) => (
                  <option key={g} value={g}>
                    {GROUP_LABELS[g]}
                  </option>
                ))}
              </select>
            </div>
            <div className="inline-field">
              <label htmlFor={`${id}-rule`}>Rule</label>
              <select
                id={`${id}-rule`}
                className="select select-small"
                value={rule ?? ''}
                onChange={(e) => findings.getState().setFilters({ rule: e.target.value || null })}
              >
                <option value="">All rules</option>
                {data.rules.map((r) => (
                  <option key={r} value={r}>
                    {ruleName(r, data.findings)}
                  </option>
                ))}
              </select>
            </div>
            <SearchField
              label="Filter by person or tenant"
              value={search}
              onChange={(text) => findings.getState().setFilters({ search: text })}
            />
          </div>
          <FindingList
            key={`${severity}|${rule}|${search}`}
            all={data.findings}
            shown={shown}
            evidence={data.evidence}
            snapshot={snapshot}
          />
        </>
      )}
      {settings && (
        <SettingsDialog
          key={`${settings.updatedAt ?? 'defaults'}|${settingsOpen}`}
          open={settingsOpen}
          rules={settings}
          snapshot={snapshot}
          onClose={() => setSettingsOpen(false)}
        />
      )}
      {settings && openDialog === 'exceptions' && (
        <ExceptionsDialog rules={settings} snapshot={snapshot} onClose={() => setOpenDialog(null)} />
      )}
      {openDialog === 'runs' && <RunsDialog snapshot={snapshot} onClose={() => setOpenDialog(null)} />}
    </div>
  );
}

/** The count of each group; choosing one shows that group alone (again: all). */
function Counts({ findings: list, expired }: { findings: readonly Finding[]; expired: number }) {
  const { findings } = useStores();
  const severity = useSlice(findings, (s) => s.severity);
  const counts = useMemo(() => {
    const byGroup = Object.fromEntries(SEVERITY_FILTERS.map((g) => [g, 0])) as Record<SeverityFilter, number>;
    for (const f of list) byGroup[groupOf(f)]++;
    return byGroup;
  }, [list]);
  return (
    <section className="card findings-counts" aria-label="Findings by severity">
      {SEVERITY_FILTERS.map((g) => (
        <button
          key={g}
          type="button"
          className={`findings-count findings-count-${g}`}
          aria-pressed={severity === g}
          onClick={() => findings.getState().setFilters({ severity: severity === g ? null : g })}
        >
          <span className="findings-count-number">{fmtNumber(counts[g])}</span>
          <span className="findings-count-label">{GROUP_LABELS[g]}</span>
        </button>
      ))}
      {expired > 0 && (
        <p className="findings-expired">
          <Icon name="alert" /> {plural(expired, 'exception')} expired: {expired === 1 ? 'its finding is' : 'their findings are'} open
          again.
        </p>
      )}
    </section>
  );
}

function FindingList({
  all,
  shown,
  evidence,
  snapshot,
}: {
  all: readonly Finding[];
  shown: Finding[];
  evidence: EvidenceTable;
  snapshot: SnapshotInfo;
}) {
  const [limit, setLimit] = useState(PAGE);
  const [accepting, setAccepting] = useState<Finding | null>(null);
  if (all.length === 0)
    return (
      <Empty icon="check" title="No findings">
        No rule found anything in this snapshot.
      </Empty>
    );
  if (shown.length === 0)
    return (
      <Empty icon="search" title="No finding matches the filters">
        {plural(all.length, 'finding')} in all: choose another severity or rule, or clear the search.
      </Empty>
    );
  return (
    <>
      <p className="findings-shown" role="status">
        {shown.length === all.length ? plural(all.length, 'finding') : `${fmtNumber(shown.length)} of ${plural(all.length, 'finding')}`}
      </p>
      <ul className="findings-list" aria-label="Findings">
        {shown.slice(0, limit).map((f) => (
          <FindingItem key={findingKey(f)} finding={f} all={all} evidence={evidence} onAccept={() => setAccepting(f)} />
        ))}
      </ul>
      {shown.length > limit && (
        <button type="button" className="btn findings-more" onClick={() => setLimit(limit + PAGE)}>
          Show {fmtNumber(Math.min(PAGE, shown.length - limit))} more
        </button>
      )}
      {accepting && <AcceptDialog finding={accepting} snapshot={snapshot} onClose={() => setAccepting(null)} />}
    </>
  );
}

const who = (f: Finding) => {
  const people = f.users.length <= 2 ? f.users.join(', ') : `${f.users[0]} and ${f.users.length - 1} others`;
  const places =
    f.nodes.length <= 1 ? f.nodes.map(placeText).join('') : `${placeText(f.nodes[0])} and ${plural(f.nodes.length - 1, 'other tenant')}`;
  return [people, places].filter(Boolean).join(' · ');
};

function FindingItem({
  finding: f,
  all,
  evidence,
  onAccept,
}: {
  finding: Finding;
  all: readonly Finding[];
  evidence: EvidenceTable;
  onAccept: () => void;
}) {
  const { findings } = useStores();
  const key = findingKey(f);
  const open = useSlice(findings, (s) => s.open.has(key));
  const group = groupOf(f);
  const detailsId = useId();
  const canAccept = !f.excepted && exceptionTarget(f) !== null;
  return (
    <li className={`finding finding-${group}${f.status === 'not evaluable' ? ' finding-unjudged' : ''}`}>
      <button
        type="button"
        className="finding-head"
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => findings.getState().toggle(key)}
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        <span className={`finding-severity finding-severity-${f.severity}`}>
          {f.status === 'not evaluable' ? 'Not evaluable' : GROUP_LABELS[f.severity]}
        </span>
        <span className="finding-title">
          <span className="finding-name">{f.title}</span>
          <span className="finding-who">{who(f)}</span>
        </span>
        <span className="finding-badges">
          <Badge>{ruleName(f.rule, all)}</Badge>
          {f.excepted && <Badge tone="success">Excepted</Badge>}
          {f.exception?.expired && <Badge tone="danger">Exception expired</Badge>}
        </span>
      </button>
      {open && (
        <div className="finding-body" id={detailsId}>
          {f.exception && <ExceptionNote finding={f} />}
          <dl className="finding-facts">
            <dt>Why</dt>
            <dd>{f.rationale}</dd>
            <dt>What to do</dt>
            <dd>{f.recommendation}</dd>
            {f.users.length > 0 && (
              <>
                <dt>{f.users.length === 1 ? 'Person' : `People (${fmtNumber(f.users.length)})`}</dt>
                <dd className="finding-people">{f.users.join(', ')}</dd>
              </>
            )}
            {f.nodes.length > 0 && (
              <>
                <dt>{f.nodes.length === 1 ? 'Tenant' : `Tenants (${fmtNumber(f.nodes.length)})`}</dt>
                <dd>{f.nodes.map(placeText).join('; ')}</dd>
              </>
            )}
          </dl>
          {f.modelSource.length > 0 && (
            <p className="chain-citations" aria-label="The vendor's documentation behind this rule">
              {f.modelSource.map((s) => (
                <SeedCitation key={`${s.file}:${s.line}`} source={s} />
              ))}
            </p>
          )}
          {f.evidence.length > 0 && <Evidence finding={f} table={evidence} />}
          {canAccept && (
            <div className="finding-actions">
              <button type="button" className="btn btn-small" onClick={onAccept}>
                Accept as exception…
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function ExceptionNote({ finding: f }: { finding: Finding }) {
  const e = f.exception!;
  return (
    <p className={e.expired ? 'finding-exception finding-exception-expired' : 'finding-exception'}>
      <Icon name={e.expired ? 'alert' : 'check'} />
      <span>
        {e.expired ? (
          <>
            <strong>Exception expired on {fmtDate(e.expires)}</strong>, so the finding is open again.
          </>
        ) : (
          <>
            <strong>Accepted until {fmtDate(e.expires)}</strong>.
          </>
        )}{' '}
        Accepted by {e.acceptedBy}: “{e.reason}”
      </span>
    </p>
  );
}

/** The assignments behind a finding: who holds which role where (the import row), and the vendor's words for each grant. */
function Evidence({ finding: f, table }: { finding: Finding; table: EvidenceTable }) {
  const [all, setAll] = useState(false);
  const shown = evidenceOf(table, { evidence: all ? f.evidence : f.evidence.slice(0, 10) });
  return (
    <section className="finding-evidence" aria-label="Evidence">
      <h3 className="finding-evidence-title">Evidence</h3>
      <ul>
        {shown.map((e) => (
          <li key={`${e.email}|${e.roleId}|${e.assignedAt}|${e.sourceLine}`}>
            <div className="finding-evidence-line">
              <span>
                <strong>{e.email}</strong> holds <strong>{e.role}</strong> at <strong>{placeText(e.assignedAt)}</strong>
                {e.reach === 'subtree' ? ' and every tenant below' : ''}
              </span>
              <code className="chain-source" title="The import row behind this assignment">
                {e.sourceFile}:{e.sourceLine}
              </code>
            </div>
            {e.permissions.length > 0 && (
              <ul className="finding-grants">
                {e.permissions.map((p) => (
                  <li key={p.id}>
                    <span className="finding-grant">{p.label}</span>
                    {p.grantSource.length > 0 && (
                      <span className="chain-citations" aria-label="The vendor's documentation behind this grant">
                        {p.grantSource.map((s) => (
                          <SeedCitation key={`${s.file}:${s.line}`} source={s} role={e.roleId} />
                        ))}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {f.evidence.length > shown.length && (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {fmtNumber(f.evidence.length)} assignments
        </button>
      )}
      {f.paths && f.paths.length > 0 && (
        <>
          <h3 className="finding-evidence-title finding-paths-title">How they could give it to themselves</h3>
          <ul className="finding-paths">
            {f.paths.map((p) => (
              <li key={`${p.roleId}@${p.at}:${p.permission}`}>
                <div className="finding-evidence-line">
                  <span>
                    ‘{p.permission}’ at <strong>{placeText(p.at)}</strong>
                  </span>
                </div>
                <PotentialPath path={p} label={`How they could give themselves ‘${p.permission}’ at ${placeText(p.at)}`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Tomorrow, YYYY-MM-DD: the first day an exception can last until. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** Accepting a finding as an exception: a reason, who accepts it and its last day, all required. */
function AcceptDialog({ finding: f, snapshot, onClose }: { finding: Finding; snapshot: SnapshotInfo; onClose: () => void }) {
  const { findings, ui } = useStores();
  const target = exceptionTarget(f)!;
  return (
    <ExceptionDialog
      title="Accept as exception"
      submitLabel="Accept as exception"
      initial={{ reason: '', acceptedBy: '', expires: '' }}
      onClose={onClose}
      onSubmit={async (fields) => {
        const problems = await findings.accept(snapshot.platform, snapshot.id, { rule: f.rule, ...target, ...fields });
        if (problems.length === 0) ui.getState().notify(`Accepted as an exception until ${fmtDate(fields.expires)}`, 'success');
        return problems;
      }}
    >
      <strong>{f.title}</strong>
      {target.user ? ` for ${target.user}` : ''}
      {target.node ? ` at ${placeText(target.node)}` : ''}. Until its last day the finding is listed as excepted; after it, the finding is
      open again and says so.
    </ExceptionDialog>
  );
}

type ExceptionFields = Pick<FindingException, 'reason' | 'acceptedBy' | 'expires'>;

/**
 * An exception's reason, who accepts it and its last day, all required, as accepting or editing one
 * asks them. `onSubmit` saves them and gives the back end's problems (none: saved, and the dialog closes).
 */
function ExceptionDialog({
  title,
  submitLabel,
  initial,
  children,
  onSubmit,
  onClose,
}: {
  title: string;
  submitLabel: string;
  initial: ExceptionFields;
  /** What the exception is about. */
  children: ReactNode;
  onSubmit: (fields: ExceptionFields) => Promise<RulesProblem[]>;
  onClose: () => void;
}) {
  const [reason, setReason] = useState(initial.reason);
  const [acceptedBy, setAcceptedBy] = useState(initial.acceptedBy);
  const [expires, setExpires] = useState(initial.expires);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    const missing: Record<string, string> = {};
    if (!reason.trim()) missing.reason = 'Say why the risk is accepted.';
    if (!acceptedBy.trim()) missing.acceptedBy = 'Say who accepts it.';
    if (!expires) missing.expires = 'Choose the last day the exception holds.';
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const problems = await onSubmit({ reason: reason.trim(), acceptedBy: acceptedBy.trim(), expires });
      if (problems.length > 0) setErrors(byField(problems, exceptionFieldOf));
      else onClose();
    } catch (error) {
      setErrors({ other: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const described = (field: string) => (errors[field] ? `${id}-${field}-error` : undefined);
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            {submitLabel}
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void submit(e)} noValidate>
        <p>{children}</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <textarea
            id={`${id}-reason`}
            className="input textarea"
            rows={3}
            value={reason}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={described('reason')}
            onChange={(e) => {
              setReason(e.target.value);
              setErrors(without(errors, 'reason'));
            }}
            autoFocus
          />
          <FieldError id={`${id}-reason-error`} text={errors.reason} />
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-by`}>Accepted by</label>
            <input
              id={`${id}-by`}
              className="input"
              value={acceptedBy}
              aria-invalid={errors.acceptedBy ? true : undefined}
              aria-describedby={described('acceptedBy')}
              onChange={(e) => {
                setAcceptedBy(e.target.value);
                setErrors(without(errors, 'acceptedBy'));
              }}
            />
            <FieldError id={`${id}-acceptedBy-error`} text={errors.acceptedBy} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-expires`}>Last day</label>
            <input
              id={`${id}-expires`}
              className="input"
              type="date"
              min={tomorrow()}
              value={expires}
              aria-invalid={errors.expires ? true : undefined}
              aria-describedby={described('expires')}
              onChange={(e) => {
                setExpires(e.target.value);
                setErrors(without(errors, 'expires'));
              }}
            />
            <FieldError id={`${id}-expires-error`} text={errors.expires} />
          </div>
        </div>
        {errors.other && (
          <p className="field-error" role="alert">
            {errors.other}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** Today, YYYY-MM-DD, as the back end judges exceptions on it. */
const today = () => new Date().toISOString().slice(0, 10);

/** Who and where an exception covers, as people read it. */
const coverText = (e: FindingException) =>
  [e.user, e.node === undefined ? undefined : `at ${placeText(e.node)}`].filter(Boolean).join(' ') || 'everyone';

/**
 * The platform's accepted exceptions: each with its rule, whom and where it covers, why, who accepted
 * it and its last day (expired ones marked), to edit (as accepting one asks) or remove (once confirmed).
 */
function ExceptionsDialog({ rules, snapshot, onClose }: { rules: FindingsRules; snapshot: SnapshotInfo; onClose: () => void }) {
  const { findings, ui } = useStores();
  const exceptions = rules.settings.exceptions ?? [];
  const [editing, setEditing] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const day = today();

  if (editing !== null && exceptions[editing]) {
    const e = exceptions[editing];
    return (
      <ExceptionDialog
        title="Edit exception"
        submitLabel="Save exception"
        initial={e}
        onClose={() => setEditing(null)}
        onSubmit={async (fields) => {
          const problems = await findings.editException(snapshot.platform, snapshot.id, editing, { ...e, ...fields });
          if (problems.length === 0) ui.getState().notify(`Exception saved: it holds until ${fmtDate(fields.expires)}`, 'success');
          return problems;
        }}
      >
        <strong>{ruleName(e.rule)}</strong> for {coverText(e)}.{' '}
        {e.expires < day ? `It expired on ${fmtDate(e.expires)}: choose a new last day to accept the risk again.` : ''}
      </ExceptionDialog>
    );
  }
  const remove = async (index: number) => {
    setBusy(true);
    try {
      await findings.editException(snapshot.platform, snapshot.id, index, null);
      ui.getState().notify('Exception removed: its findings are open again', 'success');
    } catch (error) {
      ui.getState().notify(`Could not remove the exception: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };
  if (removing !== null && exceptions[removing]) {
    const e = exceptions[removing];
    return (
      <ConfirmDialog
        open
        title="Remove this exception?"
        confirmLabel="Remove exception"
        danger
        busy={busy}
        onConfirm={() => void remove(removing)}
        onCancel={() => setRemoving(null)}
      >
        <p>
          <strong>{ruleName(e.rule)}</strong> for {coverText(e)}, accepted by {e.acceptedBy}: “{e.reason}”. Its findings are open again once
          it is removed.
        </p>
      </ConfirmDialog>
    );
  }
  return (
    <Dialog
      open
      title="Accepted exceptions"
      size="lg"
      onClose={onClose}
      footer={
        <>
          <span className="dialog-footer-hint">For every {snapshot.model.name} snapshot in this database</span>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {exceptions.length === 0 ? (
        <p className="field-hint">No accepted exceptions yet: open a finding and choose Accept as exception.</p>
      ) : (
        <ul className="exception-list" aria-label="Accepted exceptions">
          {exceptions.map((e, i) => {
            const expired = e.expires < day;
            return (
              <li key={`${i}|${e.rule}|${e.user ?? ''}|${e.node ?? ''}`} className="exception-item">
                <div className="exception-text">
                  <div className="exception-head">
                    <strong>{ruleName(e.rule)}</strong> <span>for {coverText(e)}</span> {expired && <Badge tone="danger">Expired</Badge>}
                  </div>
                  <p className="exception-reason">“{e.reason}”</p>
                  <p className="field-hint">
                    Accepted by {e.acceptedBy} · {expired ? `expired on ${fmtDate(e.expires)}` : `until ${fmtDate(e.expires)}`}
                  </p>
                </div>
                <div className="exception-actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Edit the exception for ${coverText(e)}`}
                    onClick={() => setEditing(i)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-label={`Remove the exception for ${coverText(e)}`}
                    onClick={() => setRemoving(i)}
                  >
                    <Icon name="trash" /> Remove
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}

/** The runs recorded for the snapshot's exports, newest first: when, what was found, the format, and the rules each ran with. */
function RunsDialog({ snapshot, onClose }: { snapshot: SnapshotInfo; onClose: () => void }) {
  const { findings } = useStores();
  const [runs, setRuns] = useState<FindingsRunSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(
    () => findings.runs(snapshot.id).then(setRuns, (e: unknown) => setError(ApiError.from(e))),
    [findings, snapshot.id],
  );
  const [shown, setShown] = useState<Record<number, FindingsSettings | 'loading' | Error>>({});
  useEffect(() => {
    void load();
  }, [load]);
  const toggle = (id: number) => {
    if (shown[id]) {
      const rest = { ...shown };
      delete rest[id];
      setShown(rest);
      return;
    }
    setShown({ ...shown, [id]: 'loading' });
    findings.run(id).then(
      (run) => setShown((now) => ({ ...now, [id]: run.settings })),
      (e: unknown) => setShown((now) => ({ ...now, [id]: e instanceof Error ? e : new Error(String(e)) })),
    );
  };
  return (
    <Dialog
      open
      title="Recorded runs"
      size="lg"
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <p className="field-hint">
        Each export of these findings is recorded with exactly the rules it ran with, so a report can be traced to what was configured.
      </p>
      {error !== null ? (
        <ErrorState
          error={error}
          onRetry={() => {
            setError(null);
            void load();
          }}
        />
      ) : runs === null ? (
        <Loading label="Reading the recorded runs…" />
      ) : runs.length === 0 ? (
        <p>No runs recorded yet: export the findings (CSV or JSON) and the run is recorded here.</p>
      ) : (
        <ul className="run-list" aria-label="Recorded runs">
          {runs.map((run) => {
            const rules = shown[run.id];
            const rulesId = `run-${run.id}-rules`;
            return (
              <li key={run.id} className="run-item">
                <div className="run-head">
                  <strong>{fmtDateTime(run.runAt)}</strong>{' '}
                  <Badge tone="accent">{run.format === null ? 'Not exported' : `Exported as ${run.format.toUpperCase()}`}</Badge>
                </div>
                <p className="run-summary">{run.summary}</p>
                <p className="run-sha">
                  Rules SHA-256 <code className="code-chip run-sha-value">{run.sha256}</code>
                </p>
                <button
                  type="button"
                  className="link"
                  aria-expanded={rules !== undefined}
                  aria-controls={rulesId}
                  onClick={() => toggle(run.id)}
                >
                  {rules === undefined ? 'Show the rules' : 'Hide the rules'}
                </button>
                {rules !== undefined && (
                  <div id={rulesId}>
                    {rules === 'loading' ? (
                      <Loading label="Reading the rules…" />
                    ) : rules instanceof Error ? (
                      <p className="field-error">{rules.message}</p>
                    ) : (
                      <pre className="run-rules" tabIndex={0} aria-label={`The rules of the run of ${fmtDateTime(run.runAt)}`}>
                        {JSON.stringify(rules, null, 2)}
                      </pre>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}

/** Problems by the field they are about, a field's first problem first. */
function byField(problems: RulesProblem[], field: (path: RulesProblem['path']) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const key = field(p.path);
    const text = key === 'other' ? `${p.path.join(' › ')}: ${p.message}` : p.message;
    errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
  }
  return errors;
}

/** Text the user typed for a whole number: a number when it is one, else the text, for the back end to refuse by field. */
const numberOrText = (text: string): number | string | undefined =>
  text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : text;
const listOf = (text: string) =>
  text
    .split(/[\n,;]/)
    .map((t) => t.trim())
    .filter(Boolean);

interface PairDraft {
  name: string;
  platform?: string;
  first: string;
  firstRoles: string;
  second: string;
  secondRoles: string;
}

const pairDraft = (p: DutyPair): PairDraft => ({
  name: p.name,
  platform: p.platform,
  first: (p.first.permissions ?? []).join(', '),
  firstRoles: (p.first.roles ?? []).join(', '),
  second: (p.second.permissions ?? []).join(', '),
  secondRoles: (p.second.roles ?? []).join(', '),
});

const side = (permissions: string, roles: string) => {
  const p = listOf(permissions);
  const r = listOf(roles);
  return { ...(p.length > 0 && { permissions: p }), ...(r.length > 0 && { roles: r }) };
};

/** The rules of the platform as a form: which rules run, thresholds, allowed domains, pairs of duties. Saved only when the back end accepts them. */
function SettingsDialog({
  open,
  rules,
  snapshot,
  onClose,
}: {
  open: boolean;
  rules: FindingsRules;
  snapshot: SnapshotInfo;
  onClose: () => void;
}) {
  const { findings, ui } = useStores();
  const s = rules.settings;
  const r = s.rules ?? {};
  const [enabled, setEnabled] = useState(() => Object.fromEntries(RULE_IDS.map((id) => [id, r[id]?.enabled !== false])));
  const [admins, setAdmins] = useState(String(r['too-many-admins']?.max ?? ''));
  const [days, setDays] = useState(String(r.inactive?.days ?? ''));
  const [everywhere, setEverywhere] = useState((r['outside-domain']?.everywhere ?? []).join(', '));
  const [tenants, setTenants] = useState(
    Object.entries(r['outside-domain']?.tenants ?? {})
      .map(([path, domains]) => `${path} = ${domains.join(', ')}`)
      .join('\n'),
  );
  const [pairs, setPairs] = useState<PairDraft[]>(() => (r.segregation?.pairs ?? []).map(pairDraft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const document = (): FindingsSettings => {
    let next: FindingsSettings = s;
    for (const rule of RULE_IDS) next = withRule(next, rule, { enabled: enabled[rule] ? undefined : false });
    next = withRule(next, 'too-many-admins', { max: numberOrText(admins) });
    next = withRule(next, 'inactive', { days: numberOrText(days) });
    const byTenant = Object.fromEntries(
      tenants
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const at = line.lastIndexOf('=');
          return at === -1 ? [line.trim(), []] : [line.slice(0, at).trim(), listOf(line.slice(at + 1))];
        }),
    );
    next = withRule(next, 'outside-domain', {
      everywhere: listOf(everywhere).length > 0 ? listOf(everywhere) : undefined,
      tenants: Object.keys(byTenant).length > 0 ? byTenant : undefined,
    });
    next = withRule(next, 'segregation', {
      pairs:
        pairs.length > 0
          ? pairs.map((p) => ({
              name: p.name.trim(),
              ...(p.platform && { platform: p.platform }),
              first: side(p.first, p.firstRoles),
              second: side(p.second, p.secondRoles),
            }))
          : undefined,
    });
    return next;
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    // The button stays focusable while busy (aria-disabled): a disabled one drops the keyboard out of the dialog.
    if (busy) return;
    setBusy(true);
    try {
      const problems = await findings.saveRules(snapshot.platform, snapshot.id, document());
      if (problems.length > 0) setErrors(byField(problems, fieldOf));
      else {
        ui.getState().notify('Rule settings saved', 'success');
        onClose();
      }
    } catch (error) {
      setErrors({ other: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  const invalid = (field: string) => invalidProps(errors, field, `${id}-${field}-error`);
  const setPair = (i: number, change: Partial<PairDraft>) => {
    setPairs(pairs.map((p, j) => (j === i ? { ...p, ...change } : p)));
    setErrors(without(errors, `pair-${i}`));
  };

  return (
    <Dialog
      open={open}
      title="Rule settings"
      size="lg"
      onClose={onClose}
      footer={
        <>
          <span className="dialog-footer-hint">For every {snapshot.model.name} snapshot in this database</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="btn btn-primary" aria-disabled={busy || undefined}>
            Save settings
          </button>
        </>
      }
    >
      <form id={`${id}-form`} className="form-stack" onSubmit={(e) => void save(e)} noValidate>
        {errors.other && (
          <p className="field-error" role="alert">
            {errors.other}
          </p>
        )}
        <fieldset className="settings-rules">
          <legend>Rules that run</legend>
          {RULE_IDS.map((rule) => (
            <label key={rule} className="inline-field check-field">
              <input type="checkbox" checked={enabled[rule]} onChange={(e) => setEnabled({ ...enabled, [rule]: e.target.checked })} />
              <span>{ruleName(rule)}</span>
            </label>
          ))}
        </fieldset>
        <div className="form-row">
          <FormField id={`${id}-admins`} label="Most admins at one tenant" hint="Default: 5" error={errors.admins}>
            <input
              id={`${id}-admins`}
              className="input"
              inputMode="numeric"
              value={admins}
              onChange={(e) => {
                setAdmins(e.target.value);
                setErrors(without(errors, 'admins'));
              }}
              {...invalid('admins')}
            />
          </FormField>
          <FormField id={`${id}-inactive`} label="Inactive after (days without login)" hint="Default: 90" error={errors.inactive}>
            <input
              id={`${id}-inactive`}
              className="input"
              inputMode="numeric"
              value={days}
              onChange={(e) => {
                setDays(e.target.value);
                setErrors(without(errors, 'inactive'));
              }}
              {...invalid('inactive')}
            />
          </FormField>
        </div>
        <FormField
          id={`${id}-everywhere`}
          label="Email domains allowed everywhere"
          hint="The MSP's own domains, separated by commas"
          error={errors.everywhere}
        >
          <input
            id={`${id}-everywhere`}
            className="input"
            value={everywhere}
            onChange={(e) => {
              setEverywhere(e.target.value);
              setErrors(without(errors, 'everywhere'));
            }}
            {...invalid('everywhere')}
          />
        </FormField>
        <FormField
          id={`${id}-tenants`}
          label="Email domains allowed at a tenant and below"
          hint="One tenant a line: Northwind MSP/Bayside Dental = bayside-dental.example"
          error={errors.tenants}
        >
          <textarea
            id={`${id}-tenants`}
            className="input textarea"
            rows={3}
            value={tenants}
            onChange={(e) => {
              setTenants(e.target.value);
              setErrors(without(errors, 'tenants'));
            }}
            {...invalid('tenants')}
          />
        </FormField>
        <fieldset className="settings-pairs">
          <legend>Duties no one should hold together</legend>
          {pairs.length === 0 && <p className="field-hint">No pairs yet: segregation of duties is not evaluable until one is set.</p>}
          {pairs.map((p, i) => (
            <div key={i} className="settings-pair" role="group" aria-label={`Pair ${i + 1}`}>
              <div className="form-row">
                <FormField id={`${id}-pair-${i}-name`} label="Name">
                  <input
                    id={`${id}-pair-${i}-name`}
                    className="input"
                    value={p.name}
                    onChange={(e) => setPair(i, { name: e.target.value })}
                    {...invalid(`pair-${i}`)}
                  />
                </FormField>
                <button
                  type="button"
                  className="btn btn-small btn-ghost settings-pair-remove"
                  onClick={() => setPairs(pairs.filter((_, j) => j !== i))}
                >
                  <Icon name="trash" /> Remove pair {i + 1}
                </button>
              </div>
              <div className="form-row">
                <FormField id={`${id}-pair-${i}-first`} label="First duty: permissions" hint="Separated by commas">
                  <input
                    id={`${id}-pair-${i}-first`}
                    className="input"
                    value={p.first}
                    onChange={(e) => setPair(i, { first: e.target.value })}
                    {...invalid(`pair-${i}`)}
                  />
                </FormField>
                <FormField id={`${id}-pair-${i}-first-roles`} label="or roles">
                  <input
                    id={`${id}-pair-${i}-first-roles`}
                    className="input"
                    value={p.firstRoles}
                    onChange={(e) => setPair(i, { firstRoles: e.target.value })}
                    {...invalid(`pair-${i}`)}
                  />
                </FormField>
              </div>
              <div className="form-row">
                <FormField id={`${id}-pair-${i}-second`} label="Second duty: permissions" hint="Separated by commas">
                  <input
                    id={`${id}-pair-${i}-second`}
                    className="input"
                    value={p.second}
                    onChange={(e) => setPair(i, { second: e.target.value })}
                    {...invalid(`pair-${i}`)}
                  />
                </FormField>
                <FormField id={`${id}-pair-${i}-second-roles`} label="or roles">
                  <input
                    id={`${id}-pair-${i}-second-roles`}
                    className="input"
                    value={p.secondRoles}
                    onChange={(e) => setPair(i, { secondRoles: e.target.value })}
                    {...invalid(`pair-${i}`)}
                  />
                </FormField>
              </div>
              <FieldError id={`${id}-pair-${i}-error`} text={errors[`pair-${i}`]} />
            </div>
          ))}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setPairs([...pairs, { name: '', first: '', firstRoles: '', second: '', secondRoles: '' }])}
          >
            <Icon name="plus" /> Add a pair
          </button>
        </fieldset>
      </form>
    </Dialog>
  );
}

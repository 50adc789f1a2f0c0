// Who can: pick a permission; the answer lists everyone who holds it in the scope, each row opening
// into its "why" chain: the assignment (and its import row), the role, the grant (and the vendor's
// words), and how far the role reaches. With "Include potential access", those who could give
// themselves the permission follow, each opening into its path (PotentialPath).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef } from 'react';
import type { ModelInfo } from '../../shared/api';
import type { PersonFacts, WhoCanEntry } from '../../shared/engine/evaluate';
import { useSlice, useStores } from '../app/context';
import { useBigExport, useExporter, useReloadTick, useSearchPause, useSnapshot, useSnapshotModel } from '../app/hooks';
import {
  Badge,
  CHANNEL_OPTIONS,
  ChannelBadges,
  ExportButtons,
  ExportProgressBar,
  PageHeader,
  Segmented,
  UserStatus,
  fromChannel,
  toChannel,
} from '../components/Controls';
import { Icon } from '../components/Icon';
import { PotentialPath } from '../components/PotentialPath';
import { SeedCitation } from '../components/SeedCitation';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { PathLabel } from '../components/PathLabel';
import { PermissionPicker, ScopePicker } from '../components/Pickers';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtNumber, plural } from '../lib/format';
import { entryKey, permissionNamed, whoCanQuestion, type WhoCanMeta, type WhoCanSort } from '../state/who-can';

export function WhoCanView() {
  const snapshot = useSnapshot();
  const model = useSnapshotModel();
  if (!snapshot) return <NeedSnapshot title="Who can" />;
  if (model.status === 'error') {
    return (
      <div className="page">
        <PageHeader title="Who can" />
        <ErrorState error={model.error} />
      </div>
    );
  }
  if (model.status !== 'ready') {
    return (
      <div className="page">
        <PageHeader title="Who can" />
        <Loading label="Loading the role model…" />
      </div>
    );
  }
  return <WhoCan snapshotId={snapshot.id} model={model.data} />;
}

/** A row's height before it is measured (an open why-chain makes it taller). */
const ROW_ESTIMATE = 57;

function WhoCan({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const stores = useStores();
  const { whoCan, scope } = stores;
  const permission = useSlice(whoCan, (s) => s.permission);
  const channel = useSlice(whoCan, (s) => s.channel);
  const potential = useSlice(whoCan, (s) => s.potential);
  const search = useSlice(whoCan, (s) => s.search);
  const sort = useSlice(whoCan, (s) => s.sort);
  const entries = useSlice(whoCan.entries.store, (s) => s);
  const applied = useSearchPause(search);
  const scopePath = useSlice(scope, (s) => s.path);
  const tick = useReloadTick();
  const pickerId = useId();
  const known = permission !== null && model.permissions.some((p) => p.id === permission);

  // A permission of another platform (after switching snapshots) is no question here.
  useEffect(() => {
    if (permission !== null && !known) whoCan.getState().setPermission(null);
  }, [permission, known, whoCan]);

  useEffect(() => {
    if (known) void whoCan.ask(snapshotId, scopePath, applied);
  }, [whoCan, snapshotId, scopePath, permission, channel, potential, sort, applied, known]);
  const seenTick = useRef(tick);
  useEffect(() => {
    if (tick === seenTick.current) return;
    seenTick.current = tick;
    if (known) void whoCan.ask(snapshotId, scopePath, applied, true);
  }, [tick, whoCan, snapshotId, scopePath, applied, known]);

  const bigExport = useBigExport();
  const askedKey = JSON.stringify(known ? whoCanQuestion(snapshotId, scopePath, { permission, channel, potential, sort }, applied) : null);
  const exportAs = useCallback(
    (format: 'csv' | 'json') => {
      // The filter as typed, even before the view has applied it.
      const question = whoCanQuestion(snapshotId, scopePath, whoCan.getState(), whoCan.getState().search);
      if (question) void bigExport.start({ kind: 'whoCan', ...question }, format);
    },
    [bigExport, snapshotId, scopePath, whoCan],
  );
  const answered = known && entries.meta !== null && entries.key === askedKey;
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(answered && entries.total > 0 ? exporter : null);

  const chosen = model.permissions.find((p) => p.id === permission);

  return (
    <div className="page page-fill">
      <PageHeader
        title="Who can"
        description="Everyone who holds a permission, where, and why — from the vendor's role model and the imported assignments."
        actions={
          bigExport.running ? (
            <ExportProgressBar running={bigExport.running} onCancel={bigExport.cancel} />
          ) : (
            entries.meta && known && <ExportButtons onExport={exportAs} disabled={entries.total === 0} />
          )
        }
      />
      <section className="card question" aria-label="Question">
        <div className="question-grid">
          <div className="field field-wide">
            <label htmlFor={pickerId}>Who can…</label>
            <PermissionPicker
              id={pickerId}
              model={model}
              value={permission}
              onChange={(p) => whoCan.getState().setPermission(p)}
              onInputChange={(text) => {
                const named = permissionNamed(model, text);
                if (named) whoCan.prefetch(snapshotId, scopePath, named);
              }}
              find
            />
          </div>
          <div className="field">
            <label htmlFor={`${pickerId}-scope`}>in</label>
            <ScopePicker
              id={`${pickerId}-scope`}
              snapshotId={snapshotId}
              value={scopePath}
              onChange={(p) => scope.getState().setScope(p)}
            />
          </div>
          <div className="field field-auto">
            <span className="label" id={`${pickerId}-ch`}>
              through
            </span>
            <Segmented
              label="Channel"
              value={fromChannel(channel)}
              options={CHANNEL_OPTIONS}
              onChange={(c) => whoCan.getState().setChannel(toChannel(c))}
            />
          </div>
          <label className="inline-field check-field potential-toggle">
            <input type="checkbox" role="switch" checked={potential} onChange={(e) => whoCan.getState().setPotential(e.target.checked)} />
            <span>Include potential access</span>
          </label>
        </div>
        {chosen && (
          <div className="permission-facts">
            <Badge>{chosen.category}</Badge>
            <Badge>{model.platform.levels.find((l) => l.id === chosen.level)?.name ?? chosen.level} level</Badge>
            <Badge>{chosen.kind === 'view' ? 'View' : 'Change'}</Badge>
            {chosen.planDependent && (
              <Badge tone="warning" title="The vendor says availability depends on the customer's plan">
                Plan-dependent
              </Badge>
            )}
            <span className="muted small">
              {model.platform.name}'s roles as of version {model.version.id}
            </span>
          </div>
        )}
      </section>
      {!permission && (
        <Empty icon="key" title="Choose a permission">
          Search by name or category, e.g. {examples(model)}. The answer covers {scopePath ? <strong>{scopePath}</strong> : 'every tenant'}{' '}
          — change the scope here, in the breadcrumb or in Tenants.
        </Empty>
      )}
      {known && entries.status === 'error' && entries.error && (
        <ErrorState error={entries.error} onRetry={() => void whoCan.ask(snapshotId, scopePath, applied, true)} />
      )}
      {known && entries.status !== 'error' && !entries.meta && <Loading label="Working out who can…" />}
      {known && entries.status !== 'error' && entries.meta && (
        <Answer
          meta={entries.meta}
          total={entries.total}
          settled={answered && entries.status === 'ready' && applied === search}
          search={search}
          resetKey={entries.key}
        />
      )}
    </div>
  );
}

interface AnswerProps {
  meta: WhoCanMeta;
  total: number;
  /** The answer shown is the one asked for (not still the previous question's). */
  settled: boolean;
  search: string;
  resetKey: string | null;
}

function Answer({ meta, total, settled, search, resetKey }: AnswerProps) {
  const { whoCan } = useStores();
  const open = useSlice(whoCan, (s) => s.open);
  const sort = useSlice(whoCan, (s) => s.sort);
  useSlice(whoCan.entries.store, (s) => s.version); // draw again as pages arrive
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 12,
  });
  const items = rows.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length > 0 ? items[items.length - 1].index + 1 : 0;
  useEffect(() => whoCan.entries.show(first, last), [whoCan, first, last, resetKey]);
  useEffect(() => rows.scrollToOffset(0), [rows, resetKey]);

  const { ui, api } = meta.only;
  const where = meta.scope ? (
    <>
      at <strong>{meta.scope}</strong>
    </>
  ) : (
    'anywhere'
  );
  const how = meta.channel ? ` through the ${meta.channel.toUpperCase()}` : '';
  const filtering = search.trim() !== '';

  if (total === 0 && !filtering) {
    return (
      <Empty icon="shield" title="Nobody can">
        No role assignment grants <strong>{meta.permission.label}</strong> {where}
        {how}
        {meta.potential ? ', and nobody could give themselves it' : ''}.
      </Empty>
    );
  }
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? rows.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <section className="answer answer-fill" aria-label="Answer" aria-busy={!settled}>
      <div className="answer-summary">
        <p className="summary-line" data-testid="who-can-summary">
          <span className="big-number">{fmtNumber(meta.potential?.holders ?? meta.people)}</span>{' '}
          {(meta.potential?.holders ?? meta.people) === 1 ? 'person can' : 'people can'} <strong>{meta.permission.label}</strong> {where}
          {how}
          {meta.potential && (
            <>
              {' '}
              · <span className="big-number">{fmtNumber(meta.potential.people)}</span>{' '}
              {meta.potential.people === 1 ? 'person could give themselves it' : 'people could give themselves it'}
            </>
          )}
          <span className="muted"> · {plural(total - (meta.potential?.total ?? 0), 'grant')}</span>
          {!settled && <Spinner size={14} />}
        </p>
        <div className="summary-badges">
          {ui > 0 && <Badge tone="ui">{plural(ui, 'grant')} UI only</Badge>}
          {api > 0 && <Badge tone="api">{plural(api, 'grant')} API only</Badge>}
        </div>
        <label className="inline-field">
          <span>Sort</span>
          <select
            className="select select-small"
            aria-label="Sort people by"
            value={sort}
            onChange={(e) => whoCan.getState().setSort(e.target.value as WhoCanSort)}
          >
            <option value="name">Name</option>
            <option value="email">Email</option>
          </select>
        </label>
        <div className="search-field search-small">
          <Icon name="search" className="search-icon" />
          <input
            className="input"
            type="search"
            placeholder="Filter people or roles"
            aria-label="Filter the answer"
            value={search}
            onChange={(e) => whoCan.getState().setSearch(e.target.value)}
          />
        </div>
      </div>
      <div className="table-wrap answer-scroll" ref={scroller} data-testid="who-can-rows">
        <table className="table answer-table" aria-rowcount={total + 1}>
          <colgroup>
            <col className="col-expand" />
            <col className="col-person" />
            <col className="col-role" />
            <col className="col-path" />
            <col className="col-path" />
            <col className="col-channels" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="expand-col">
                <span className="visually-hidden">Why</span>
              </th>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Assigned at</th>
              <th scope="col">Applies at</th>
              <th scope="col">Channels</th>
            </tr>
          </thead>
          {/* Each entry is a tbody of its own (its row, and its why-chain when open), measured as one item. */}
          {padTop > 0 && (
            <tbody aria-hidden="true">
              <tr className="spacer-row">
                <td colSpan={6} style={{ height: padTop }} />
              </tr>
            </tbody>
          )}
          {items.map((item) => {
            const e = whoCan.entries.rowAt(item.index);
            if (!e) {
              return (
                <tbody key={item.key} data-index={item.index} ref={rows.measureElement} aria-busy="true">
                  <tr className="pending-row" aria-rowindex={item.index + 2}>
                    <td />
                    <td colSpan={5} className="muted">
                      Loading…
                    </td>
                  </tr>
                </tbody>
              );
            }
            const key = entryKey(e);
            const isOpen = open.has(key);
            return (
              <EntryRows
                key={key}
                index={item.index}
                measure={rows.measureElement}
                entry={e}
                open={isOpen}
                scope={meta.scope}
                permissionLabel={meta.permission.label}
              />
            );
          })}
          {padBottom > 0 && (
            <tbody aria-hidden="true">
              <tr className="spacer-row">
                <td colSpan={6} style={{ height: padBottom }} />
              </tr>
            </tbody>
          )}
        </table>
        {total === 0 && <p className="muted center">No grant matches “{search}”.</p>}
      </div>
    </section>
  );
}

/** One entry: its row, and its why-chain when open, measured together as one item of the list. */
function EntryRows({
  index,
  measure,
  entry: e,
  open,
  scope,
  permissionLabel,
}: {
  index: number;
  measure: (el: Element | null) => void;
  entry: WhoCanEntry;
  open: boolean;
  scope: string | null;
  permissionLabel: string;
}) {
  const { whoCan } = useStores();
  const key = entryKey(e);
  return (
    <tbody data-index={index} ref={measure} className={e.potential ? 'potential-entry' : undefined}>
      <tr className={open ? 'expandable open' : 'expandable'} aria-rowindex={index + 2} onClick={() => whoCan.getState().toggle(key)}>
        <td className="expand-col">
          <button
            type="button"
            className="btn btn-icon btn-ghost"
            aria-expanded={open}
            aria-label={
              e.potential
                ? `How could ${e.email} give themselves ${e.roleLabel} at ${e.assignedAt}?`
                : `Why can ${e.email} (${e.roleLabel} at ${e.assignedAt})?`
            }
            onClick={(event) => {
              event.stopPropagation();
              whoCan.getState().toggle(key);
            }}
          >
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          </button>
        </td>
        <td>
          <div className="cell-title">
            {e.name || e.email} <UserStatus status={e.status} mfa={e.mfa} />
          </div>
          <div className="cell-sub">{e.email}</div>
        </td>
        <td>
          <Badge tone="accent">{e.roleLabel}</Badge>
          {e.potential && (
            <Badge tone="warning" title="They do not hold it here, but hold a permission that lets them give themselves this role">
              could give themselves
            </Badge>
          )}
        </td>
        <td className="path-cell">
          <PathLabel path={e.assignedAt} />
        </td>
        <td className="path-cell">
          <PathLabel path={e.scope} suffix={e.includesBelow ? 'and below' : undefined} leafOnly={e.scope === scope} />
        </td>
        <td>
          <ChannelBadges channels={e.channels} />
        </td>
      </tr>
      {open && (
        <tr className="chain-row">
          <td />
          <td colSpan={5}>
            {e.potential && e.path ? (
              <>
                <PotentialPath
                  path={{
                    permission: permissionLabel,
                    at: e.assignedAt,
                    role: e.roleLabel,
                    roleId: e.roleId,
                    roleName: e.role,
                    grantSource: e.grantSource,
                    hops: e.path,
                  }}
                />
                <p className="chain-note muted small">
                  The path starts from the assignment in import row{' '}
                  <code className="chain-source">
                    {e.sourceFile}:{e.sourceLine}
                  </code>
                </p>
              </>
            ) : (
              <WhyChain entry={e} permissionLabel={permissionLabel} />
            )}
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** A grant's why, step by step: an entry of Who can, or a grant of a "Can they…?" answer (the matrix's why). */
export function WhyChain({
  entry,
  permissionLabel,
}: {
  entry: Omit<WhoCanEntry, 'userId' | 'name' | keyof PersonFacts>;
  permissionLabel: string;
}) {
  return (
    <ol className="chain" aria-label="Why">
      <li>
        <span className="chain-step">Assignment</span>
        <span className="chain-text">
          <strong>{entry.email}</strong> holds <strong>{entry.roleLabel}</strong> at <strong>{entry.assignedAt}</strong>
        </span>
        <code className="chain-source" title="The import row behind this assignment">
          {entry.sourceFile}:{entry.sourceLine}
        </code>
      </li>
      <li>
        <span className="chain-step">Role</span>
        <span className="chain-text">
          {entry.roleLabel} applies{' '}
          {entry.reach === 'subtree' ? 'where it is assigned and at every tenant below' : 'only where it is assigned'}
        </span>
      </li>
      <li>
        <span className="chain-step">Grant</span>
        <span className="chain-text">
          {entry.roleLabel} grants “{permissionLabel}” <ChannelBadges channels={entry.channels} />
        </span>
        {entry.grantSource.length > 0 && (
          <span className="chain-citations" aria-label="The vendor's documentation behind this grant">
            {entry.grantSource.map((s) => (
              <SeedCitation key={`${s.file}:${s.line}`} source={s} role={entry.role} />
            ))}
          </span>
        )}
      </li>
      <li>
        <span className="chain-step">Reach</span>
        <span className="chain-text">
          So it holds at <strong>{entry.scope}</strong>
          {entry.includesBelow ? ' and everything below it' : ''}
          {entry.scope !== entry.assignedAt && entry.scope.startsWith(entry.assignedAt) ? `, inherited from ${entry.assignedAt}` : ''}
        </span>
      </li>
    </ol>
  );
}

/** Search examples from the platform's own categories: “MSSPs”, “Policies” or “Child organizations” for HYAS Protect. */
function examples(model: ModelInfo): string {
  const words = [...new Set(model.permissions.map((p) => p.category))].slice(0, 3).map((c) => `“${c}”`);
  return words.length < 2 ? (words[0] ?? '“view”') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

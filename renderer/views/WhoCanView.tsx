// Who can: pick a permission; the answer lists everyone who holds it in the scope, each row opening
// into its "why" chain: the assignment (and its import row), the role, the grant (and the vendor's
// words), and how far the role reaches.
import { Fragment, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ModelInfo, WhoCanAnswer } from '../../shared/api';
import { whoCanExport } from '../../shared/engine/answer-export';
import type { WhoCanEntry } from '../../shared/engine/evaluate';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSnapshot, useSnapshotModel } from '../app/hooks';
import { Badge, CHANNEL_OPTIONS, ChannelBadges, ExportButtons, PageHeader, Segmented, UserStatus, fromChannel, toChannel } from '../components/Controls';
import { Icon } from '../components/Icon';
import { SeedCitation } from '../components/SeedCitation';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { PathLabel } from '../components/PathLabel';
import { PermissionPicker, ScopePicker } from '../components/Pickers';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtNumber, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import { entryKey, peopleCount } from '../state/who-can';

const PAGE = 300;

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

function WhoCan({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const stores = useStores();
  const { whoCan, scope } = stores;
  const permission = useSlice(whoCan, (s) => s.permission);
  const channel = useSlice(whoCan, (s) => s.channel);
  const answer = useSlice(whoCan, (s) => s.answer);
  const scopePath = useSlice(scope, (s) => s.path);
  const tick = useReloadTick();
  const pickerId = useId();
  const known = permission !== null && model.permissions.some((p) => p.id === permission);

  // A permission of another platform (after switching snapshots) is no question here.
  useEffect(() => {
    if (permission !== null && !known) whoCan.getState().setPermission(null);
  }, [permission, known, whoCan]);

  useEffect(() => {
    if (known) void whoCan.getState().ask(snapshotId, scopePath);
  }, [whoCan, snapshotId, scopePath, permission, channel, known, tick]);

  const data = dataOf(answer);
  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      if (data) await saveExport(stores, whoCanExport(data, new Date())[format]);
    },
    [data, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(data ? exporter : null);

  const chosen = model.permissions.find((p) => p.id === permission);

  return (
    <div className="page">
      <PageHeader
        title="Who can"
        description="Everyone who holds a permission, where, and why — from the vendor's role model and the imported assignments."
        actions={
          data && <ExportButtons onExport={(format) => void exportAs(format)} />
        }
      />
      <section className="card question" aria-label="Question">
        <div className="question-grid">
          <div className="field field-wide">
            <label htmlFor={pickerId}>Who can…</label>
            <PermissionPicker id={pickerId} model={model} value={permission} onChange={(p) => whoCan.getState().setPermission(p)} find />
          </div>
          <div className="field">
            <label htmlFor={`${pickerId}-scope`}>in</label>
            <ScopePicker id={`${pickerId}-scope`} snapshotId={snapshotId} value={scopePath} onChange={(p) => scope.getState().setScope(p)} />
          </div>
          <div className="field field-auto">
            <span className="label" id={`${pickerId}-ch`}>
              through
            </span>
            <Segmented label="Channel" value={fromChannel(channel)} options={CHANNEL_OPTIONS} onChange={(c) => whoCan.getState().setChannel(toChannel(c))} />
          </div>
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
              <code>{chosen.id}</code> · model {model.version.id}
            </span>
          </div>
        )}
      </section>
      {!permission && (
        <Empty icon="key" title="Choose a permission">
          Search by name or category, e.g. {examples(model)}. The answer covers{' '}
          {scopePath ? <strong>{scopePath}</strong> : 'every tenant'}
          {' '}— change the scope here, in the breadcrumb or in Tenants.
        </Empty>
      )}
      {permission && answer.status === 'error' && <ErrorState error={answer.error} onRetry={() => void whoCan.getState().ask(snapshotId, scopePath)} />}
      {permission && !data && answer.status === 'loading' && <Loading label="Working out who can…" />}
      {permission && data && <Answer answer={data.answer} loading={answer.status === 'loading'} />}
    </div>
  );
}

function Answer({ answer, loading }: { answer: WhoCanAnswer; loading: boolean }) {
  const { whoCan } = useStores();
  const open = useSlice(whoCan, (s) => s.open);
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const people = peopleCount(answer);
  const needle = filter.trim().toLowerCase();
  const entries = useMemo(
    () =>
      needle
        ? answer.entries.filter((e) => `${e.email} ${e.name} ${e.roleLabel} ${e.assignedAt}`.toLowerCase().includes(needle))
        : answer.entries,
    [answer, needle],
  );
  const only = useMemo(() => {
    let ui = 0;
    let api = 0;
    for (const e of answer.entries) {
      if (e.channels.length === 1 && e.channels[0] === 'ui') ui++;
      if (e.channels.length === 1 && e.channels[0] === 'api') api++;
    }
    return { ui, api };
  }, [answer]);
  const where = answer.scope ? (
    <>
      at <strong>{answer.scope}</strong>
    </>
  ) : (
    'anywhere'
  );
  const how = answer.channel ? ` through the ${answer.channel.toUpperCase()}` : '';

  if (answer.entries.length === 0) {
    return (
      <Empty icon="shield" title="Nobody can">
        No role assignment grants <strong>{answer.permission.label}</strong> {where}
        {how}.
      </Empty>
    );
  }
  return (
    <section className="answer" aria-label="Answer" aria-busy={loading}>
      <div className="answer-summary">
        <p className="summary-line" data-testid="who-can-summary">
          <span className="big-number">{fmtNumber(people)}</span> {people === 1 ? 'person can' : 'people can'}{' '}
          <strong>{answer.permission.label}</strong> {where}
          {how}
          <span className="muted"> · {plural(answer.entries.length, 'grant')}</span>
          {loading && <Spinner size={14} />}
        </p>
        <div className="summary-badges">
          {only.ui > 0 && <Badge tone="ui">{plural(only.ui, 'grant')} UI only</Badge>}
          {only.api > 0 && <Badge tone="api">{plural(only.api, 'grant')} API only</Badge>}
        </div>
        <div className="search-field search-small">
          <Icon name="search" className="search-icon" />
          <input className="input" type="search" placeholder="Filter people or roles" aria-label="Filter the answer" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      </div>
      <div className="table-wrap">
        <table className="table answer-table">
          <colgroup>
            <col className="col-expand" />
            <col className="col-person" />
            <col className="col-role" />
            <col className="col-path" />
            <col className="col-path" />
            <col className="col-channels" />
          </colgroup>
          <thead>
            <tr>
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
          <tbody>
            {entries.slice(0, limit).map((e) => {
              const key = entryKey(e);
              const isOpen = open.has(key);
              return (
                <Fragment key={key}>
                  <tr className={isOpen ? 'expandable open' : 'expandable'} onClick={() => whoCan.getState().toggle(key)}>
                    <td className="expand-col">
                      <button
                        type="button"
                        className="btn btn-icon btn-ghost"
                        aria-expanded={isOpen}
                        aria-label={`Why can ${e.email} (${e.roleLabel} at ${e.assignedAt})?`}
                        onClick={(event) => {
                          event.stopPropagation();
                          whoCan.getState().toggle(key);
                        }}
                      >
                        <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={14} />
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
                    </td>
                    <td className="path-cell">
                      <PathLabel path={e.assignedAt} />
                    </td>
                    <td className="path-cell">
                      <PathLabel path={e.scope} suffix={e.includesBelow ? 'and below' : undefined} leafOnly={e.scope === answer.scope} />
                    </td>
                    <td>
                      <ChannelBadges channels={e.channels} />
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="chain-row">
                      <td />
                      <td colSpan={5}>
                        <WhyChain entry={e} permissionLabel={answer.permission.label} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {entries.length === 0 && <p className="muted center">No grant matches “{filter}”.</p>}
      {entries.length > limit && (
        <div className="center">
          <button type="button" className="btn" onClick={() => setLimit(limit + PAGE)}>
            Show {fmtNumber(Math.min(PAGE, entries.length - limit))} more of {fmtNumber(entries.length - limit)}
          </button>
        </div>
      )}
    </section>
  );
}

export function WhyChain({ entry, permissionLabel }: { entry: WhoCanEntry; permissionLabel: string }) {
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
          {entry.roleLabel} applies {entry.reach === 'subtree' ? 'where it is assigned and at every tenant below' : 'only where it is assigned'}
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

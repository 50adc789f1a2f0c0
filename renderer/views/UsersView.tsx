// Users: search everyone in the snapshot (on the host, a page at a time); a person's effective access
// node by node with the reason for each permission; and "Can they…?" for one permission and tenant.
import { useCallback, useEffect, useId, useState } from 'react';
import { ListBox, ListBoxItem } from 'react-aria-components';
import type { CanAnswer, ModelInfo } from '../../shared/api';
import type { NodeAccess, ReasonKind } from '../../shared/engine/evaluate';
import { accessExport } from '../../shared/engine/answer-export';
import { useSlice, useStores } from '../app/context';
import { saveExport, useExporter, useReloadTick, useSnapshot, useSnapshotModel } from '../app/hooks';
import {
  Badge,
  CHANNEL_OPTIONS,
  ChannelBadges,
  ExportButtons,
  PageHeader,
  SearchField,
  Segmented,
  UserStatus,
  fromChannel,
  toChannel,
} from '../components/Controls';
import { Icon, type IconName } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { PathLabel } from '../components/PathLabel';
import { PermissionPicker, ScopePicker } from '../components/Pickers';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtLastLogin, fmtNumber, lastName, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import { PAGE_SIZE } from '../state/users';

export function UsersView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Users" />;
  return <Users snapshotId={snapshot.id} />;
}

function Users({ snapshotId }: { snapshotId: number }) {
  const { users, scope } = useStores();
  const scopePath = useSlice(scope, (s) => s.path);
  const search = useSlice(users, (s) => s.search);
  const offset = useSlice(users, (s) => s.offset);
  const page = useSlice(users, (s) => s.page);
  const selected = useSlice(users, (s) => s.selected);
  const tick = useReloadTick();
  const [text, setText] = useState(search);
  // A search set from elsewhere (a link followed by Back or Forward) shows in the box.
  const [searched, setSearched] = useState(search);
  if (search !== searched) {
    setSearched(search);
    setText(search);
  }

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text !== users.getState().search) users.getState().setSearch(text);
    }, 200);
    return () => clearTimeout(timer);
  }, [text, users]);

  // A new scope starts at the first page.
  useEffect(() => users.getState().setOffset(0), [users, scopePath]);
  useEffect(() => {
    void users.getState().loadPage(snapshotId, scopePath);
  }, [users, snapshotId, search, offset, tick, scopePath]);

  const data = dataOf(page);
  const list = data?.users ?? [];

  return (
    <div className="page page-fill">
      <PageHeader
        title="Users"
        description={
          scopePath
            ? `People with access at ${lastName(scopePath)}: a role there or below it, or one above it that reaches down. Open a person to see what they can do, where, and why.`
            : 'Everyone holding a role in this snapshot. Open a person to see what they can do, where, and why.'
        }
      />
      <div className="split split-users">
        <section className="card list-pane" aria-label="People">
          <div className="list-pane-head">
            <SearchField label="Search people" placeholder="Search name or email" value={text} onChange={setText} />
            <div className="list-count muted small" aria-live="polite">
              {data
                ? data.total === 0
                  ? 'No one'
                  : `${fmtNumber(offset + 1)}–${fmtNumber(offset + list.length)} of ${plural(data.total, 'person', 'people')}`
                : ''}
              {page.status === 'loading' && <Spinner size={12} />}
            </div>
          </div>
          {page.status === 'error' && (
            <ErrorState compact error={page.error} onRetry={() => void users.getState().loadPage(snapshotId, scopePath)} />
          )}
          {!data && page.status !== 'error' && <Loading label="Loading people…" />}
          {data && list.length === 0 && <Empty icon="users" title={search ? `No one matches “${search}”` : 'No people in this snapshot'} />}
          {list.length > 0 && (
            <ListBox
              className="people-list"
              aria-label="People"
              items={list}
              selectionMode="single"
              selectedKeys={selected ? [selected] : []}
              onSelectionChange={(keys) => {
                // Choosing the open person again (which unselects them) keeps them open.
                const [email] = keys === 'all' ? [] : [...keys];
                if (typeof email === 'string') users.getState().select(email);
              }}
            >
              {(u) => (
                <ListBoxItem id={u.email} textValue={u.name || u.email} className="person">
                  <span className="avatar" aria-hidden="true">
                    {initials(u.name || u.email)}
                  </span>
                  <span className="person-text">
                    <span className="person-name">
                      {u.name || u.email} <UserStatus status={u.status} mfa={u.mfa} />
                    </span>
                    <span className="person-email">{u.email}</span>
                    {u.inheritedFrom && u.inheritedFrom.length > 0 && (
                      <span className="person-via" title={`Roles assigned at ${u.inheritedFrom.join(', ')} reach this tenant`}>
                        via {u.inheritedFrom.map(lastName).join(', ')}
                      </span>
                    )}
                  </span>
                  <span className="person-count" title={plural(u.assignmentCount, 'role assignment')}>
                    {plural(u.assignmentCount, 'role')}
                  </span>
                </ListBoxItem>
              )}
            </ListBox>
          )}
          {data && data.total > PAGE_SIZE && (
            <div className="pager">
              <button
                type="button"
                className="btn btn-small"
                disabled={offset === 0}
                onClick={() => users.getState().setOffset(offset - PAGE_SIZE)}
              >
                Previous
              </button>
              <span className="muted small">
                Page {fmtNumber(Math.floor(offset / PAGE_SIZE) + 1)} of {fmtNumber(Math.ceil(data.total / PAGE_SIZE))}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={offset + PAGE_SIZE >= data.total}
                onClick={() => users.getState().setOffset(offset + PAGE_SIZE)}
              >
                Next
              </button>
            </div>
          )}
        </section>
        <section className="detail-pane" aria-label="Person">
          {selected ? (
            <Person snapshotId={snapshotId} email={selected} />
          ) : (
            <Empty icon="users" title="Choose a person">
              Their roles, everything they can do at each tenant with the reason, and a quick “Can they…?” check.
            </Empty>
          )}
        </section>
      </div>
    </div>
  );
}

/** MFA as stored (`enabled`/`disabled`, shared/csv/values.ts); unknown when the file did not say. */
/** A stored status as the header reads it: "Active", "Suspended", "Invited"; "unknown" where the export did not say. */
function statusText(status: string | undefined): string {
  if (status === undefined || status === '') return 'unknown';
  return status.charAt(0).toUpperCase() + status.slice(1);
}

function mfaText(mfa: string | undefined): string {
  if (mfa === undefined || mfa === '') return 'unknown';
  if (mfa === 'enabled') return 'Enabled';
  if (mfa === 'disabled') return 'Not enabled';
  return mfa;
}

function initials(text: string): string {
  const words = text
    .replace(/@.*/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase() || '?';
}

function Person({ snapshotId, email }: { snapshotId: number; email: string }) {
  const stores = useStores();
  const { users } = stores;
  const access = useSlice(users, (s) => s.access);
  const model = useSnapshotModel();
  const tick = useReloadTick();
  useEffect(() => {
    void users.getState().loadAccess(snapshotId);
  }, [users, snapshotId, email, tick]);

  const data = dataOf(access);
  const exportAs = useCallback(
    async (format: 'csv' | 'json') => {
      if (data) await saveExport(stores, accessExport(data, new Date())[format]);
    },
    [data, stores],
  );
  const exporter = useCallback(() => exportAs('csv'), [exportAs]);
  useExporter(data ? exporter : null);

  if (access.status === 'error') return <ErrorState error={access.error} onRetry={() => void users.getState().loadAccess(snapshotId)} />;
  if (!data) return <Loading label="Working out their access…" />;
  const { user, nodes } = data.answer;
  const permissionCount = nodes.reduce((n, node) => n + node.permissions.length, 0);
  return (
    <div className="person-detail">
      <div className="person-header card">
        <span className="avatar avatar-large" aria-hidden="true">
          {initials(user.name || user.email)}
        </span>
        <div className="person-header-text">
          <h2>
            {user.name || user.email} <UserStatus status={user.status} mfa={user.mfa} />
          </h2>
          <p className="muted">{user.email}</p>
          <dl className="facts">
            <div>
              <dt>Status</dt>
              <dd>{statusText(user.status)}</dd>
            </div>
            <div>
              <dt>MFA</dt>
              <dd>{mfaText(user.mfa)}</dd>
            </div>
            <div>
              <dt>Last login</dt>
              <dd>{fmtLastLogin(user.lastLogin)}</dd>
            </div>
            <div>
              <dt>Reaches</dt>
              <dd title={`Roles held at ${plural(nodes.length, 'tenant')}`}>{plural(data.answer.reachCount, 'tenant')}</dd>
            </div>
          </dl>
        </div>
        <ExportButtons small onExport={(format) => void exportAs(format)} />
      </div>
      {model.status === 'ready' && <CanBox snapshotId={snapshotId} model={model.data} />}
      <h3 className="section-title">
        Effective access{' '}
        <span className="muted small">
          · {plural(permissionCount, 'permission grant')} from roles at {plural(nodes.length, 'tenant')}, reaching{' '}
          {plural(data.answer.reachCount, 'tenant')}
        </span>
      </h3>
      {nodes.length === 0 ? (
        <Empty icon="shield" title="No roles">
          {user.email} holds no role in this snapshot.
        </Empty>
      ) : (
        nodes.map((node, i) => <NodeAccessCard key={node.node.id} access={node} defaultOpen={i < 3} />)
      )}
    </div>
  );
}

function NodeAccessCard({ access, defaultOpen }: { access: NodeAccess; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const byCategory = new Map<string, NodeAccess['permissions']>();
  for (const p of access.permissions) {
    const list = byCategory.get(p.permission.category) ?? [];
    list.push(p);
    byCategory.set(p.permission.category, list);
  }
  return (
    <section className="card node-access" aria-label={access.node.path}>
      <h4 className="node-access-head">
        <button type="button" className="node-access-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
          <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
          <span className="node-path">
            <PathLabel path={access.node.path} />
          </span>
          <span className="muted small">
            {plural(access.permissions.length, 'permission')}
            {access.reachCount > 1 ? ` · here and ${plural(access.reachCount - 1, 'tenant')} below` : ''}
          </span>
        </button>
      </h4>
      <div className="node-roles">
        {access.roles.map((r) => (
          <Badge key={r} tone="accent">
            {r}
          </Badge>
        ))}
      </div>
      {open && (
        <table id={id} className="table table-compact access-table">
          <colgroup>
            <col />
            <col className="col-channels" />
            <col className="col-via" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Permission</th>
              <th scope="col">Channels</th>
              <th scope="col">Because of</th>
            </tr>
          </thead>
          <tbody>
            {[...byCategory.entries()].map(([category, perms]) => [
              <tr key={`c-${category}`} className="group-row">
                <th scope="colgroup" colSpan={3}>
                  {category}
                </th>
              </tr>,
              ...perms.map((p) => (
                <tr key={p.permission.id}>
                  <td>
                    {p.permission.label}
                    {p.permission.planDependent && (
                      <Badge tone="warning" title="Depends on the customer's plan">
                        plan
                      </Badge>
                    )}
                  </td>
                  <td>
                    <ChannelBadges channels={p.channels} />
                  </td>
                  <td className="via">
                    {p.via.map((v) => (
                      <span
                        key={v.assignmentId}
                        className="via-item"
                        title={`${v.roleLabel} @ ${v.assignedAt} — ${v.sourceFile}:${v.sourceLine}`}
                      >
                        <strong>{v.roleLabel}</strong> {v.assignedAt === access.node.path ? 'here' : `from ${lastName(v.assignedAt)}`}
                      </span>
                    ))}
                  </td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CanBox({ snapshotId, model }: { snapshotId: number; model: ModelInfo }) {
  const { users, scope } = useStores();
  const question = useSlice(users, (s) => s.question);
  const can = useSlice(users, (s) => s.can);
  const currentScope = useSlice(scope, (s) => s.path);
  const id = useId();
  useEffect(() => {
    if (question.scope === null && currentScope) users.getState().setQuestion({ scope: currentScope });
  }, [currentScope, question.scope, users]);
  const ready = question.permission !== null && question.scope !== null;
  return (
    <section className="card can-box" aria-label="Can they…?">
      <h3 className="card-title">Can they…?</h3>
      <form
        className="can-form"
        onSubmit={(event) => {
          event.preventDefault();
          void users.getState().askCan(snapshotId);
        }}
      >
        <div className="field field-wide">
          <label htmlFor={`${id}-p`}>Permission</label>
          <PermissionPicker
            id={`${id}-p`}
            model={model}
            value={question.permission}
            onChange={(p) => users.getState().setQuestion({ permission: p })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-s`}>at</label>
          <ScopePicker
            id={`${id}-s`}
            label="Tenant"
            allowAll={false}
            snapshotId={snapshotId}
            value={question.scope}
            onChange={(p) => users.getState().setQuestion({ scope: p })}
          />
        </div>
        <div className="can-form-actions">
          <span className="muted small">through</span>
          <Segmented
            label="Channel"
            value={fromChannel(question.channel)}
            options={CHANNEL_OPTIONS}
            onChange={(c) => users.getState().setQuestion({ channel: toChannel(c) })}
          />
          <button type="submit" className="btn btn-primary" disabled={!ready || can.status === 'loading'}>
            {can.status === 'loading' ? <Spinner size={14} /> : null} Ask
          </button>
        </div>
      </form>
      {can.status === 'error' && <ErrorState compact error={can.error} />}
      {can.status === 'ready' && <CanResult answer={can.data.answer} />}
    </section>
  );
}

const REASON_ICON: Record<ReasonKind, IconName> = {
  grants: 'check',
  'role-lacks-permission': 'x',
  'other-channel': 'link',
  'out-of-reach': 'tree',
  'no-assignments': 'x',
  'plan-dependent': 'info',
};

export function CanResult({ answer }: { answer: CanAnswer }) {
  return (
    <div className={answer.allowed ? 'can-result yes' : 'can-result no'} role="status" data-testid="can-result">
      <div className="can-verdict">
        <span className="verdict-pill">{answer.allowed ? 'Yes' : 'No'}</span>
        <span>
          {answer.user.email} {answer.allowed ? 'can' : 'cannot'} <strong>{answer.permission.label}</strong> at{' '}
          <strong>{answer.scope}</strong>
          {answer.channel ? ` through the ${answer.channel.toUpperCase()}` : ''}.
        </span>
      </div>
      {answer.reasons.length > 0 && (
        <ul className="reasons">
          {answer.reasons.map((r, i) => (
            <li key={i} className={`reason reason-${r.kind}`}>
              <Icon name={REASON_ICON[r.kind]} size={14} />
              <span>{r.text}</span>
              {r.chain && (
                <code className="chain-source" title="The import row behind this assignment">
                  {r.chain.sourceFile}:{r.chain.sourceLine}
                </code>
              )}
            </li>
          ))}
        </ul>
      )}
      {!answer.allowed && answer.grantingRoles.length > 0 && (
        <p className="muted small">Roles that would grant it: {answer.grantingRoles.join(', ')}.</p>
      )}
    </div>
  );
}

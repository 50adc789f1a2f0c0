// Roles: the vendor's role model as a table — permissions (grouped by category) × roles — with the
// channel each grant holds on, plan-dependent capabilities, constraints and notes.
import { useEffect, useId, useMemo, useState } from 'react';
import type { ModelDiff, ModelInfo, PlatformSummary } from '../../shared/api';
import { modelDiffKey } from '../state/models';
import type { Resource } from '../state/resource';
import type { Permission, Role } from '../../shared/model/types';
import { grantChannels } from '../../shared/model/resolve';
import { useSlice, useStores } from '../app/context';
import { useModel, useSnapshot, useSnapshotModel } from '../app/hooks';
import { Badge, PageHeader } from '../components/Controls';
import { ModelChanges } from '../components/ModelChanges';
import { Icon } from '../components/Icon';
import { ErrorState, Loading } from '../components/Status';
import { citeSeeds } from '../../shared/models/seeds';
import { fmtDate } from '../lib/format';
import { dataOf } from '../state/resource';

/** The platform picker's value for the open snapshot's own model file. */
const OWN_MODEL = '\u0000own';

export function RolesView() {
  const { snapshots, roles } = useStores();
  const snapshot = useSnapshot();
  const platforms = useSlice(snapshots, (s) => s.platforms);
  const list = dataOf(platforms) ?? [];
  // A pick holds for the snapshot it was made on (another snapshot is followed afresh, stores.ts); one
  // naming a model this app does not have (from an old link) is no pick.
  const picked = useSlice(roles, (s) => s.pick);
  const pick = picked && list.find((p) => p.id === picked.platform)?.versions.some((v) => v.id === picked.version) ? picked : null;
  const setPick = roles.getState().setPick;
  const ids = { platform: useId(), version: useId(), compare: useId() };

  // Follow the open snapshot until the user picks something else. A snapshot read with the user's
  // model file shows that model (kept with the snapshot) until then.
  const followOwn = snapshot?.model.origin === 'user' && !pick;
  const platformId = pick?.platform ?? snapshot?.platform ?? list[0]?.id;
  const platform = list.find((p) => p.id === platformId);
  const versionId = pick?.version ?? (snapshot && snapshot.platform === platformId ? snapshot.modelVersion : platform?.versions.at(-1)?.id);
  const builtIn = useModel(followOwn ? undefined : platformId, followOwn ? undefined : versionId);
  // Another version of the same built-in model to compare with: what changed between them, in the table and above it.
  const [compareWith, setCompareWith] = useState<{ platform: string; version: string } | null>(null);
  const compareVersion =
    !followOwn && compareWith && compareWith.platform === platformId && compareWith.version !== versionId ? compareWith.version : undefined;
  const changes = useModelDiff(followOwn ? undefined : platform, compareVersion, versionId);
  const own = useSnapshotModel();
  const model = followOwn ? own : builtIn;

  return (
    <div className="page">
      <PageHeader
        title="Roles"
        description={
          model.status === 'ready' && model.data.origin.origin === 'user'
            ? 'The roles and what each grants, as your model file describes them. Every answer about this snapshot comes from this table.'
            : "The vendor's roles and what each grants, as encoded from their documentation. Every answer in this app comes from this table."
        }
        actions={
          <div className="picker-row">
            <label className="inline-field">
              <span>Platform</span>
              <select
                id={ids.platform}
                aria-label="Platform"
                className="select select-small"
                value={followOwn ? OWN_MODEL : (platformId ?? '')}
                onChange={(e) => {
                  if (e.target.value === OWN_MODEL) return setPick(null);
                  const p = list.find((x) => x.id === e.target.value);
                  if (p) setPick({ platform: p.id, version: p.versions.at(-1)?.id ?? '' });
                }}
              >
                {snapshot?.model.origin === 'user' && (
                  <option value={OWN_MODEL}>{`${snapshot.model.name} · this snapshot's model file`}</option>
                )}
                {list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              <span>Version</span>
              <select
                id={ids.version}
                aria-label="Version"
                className="select select-small"
                value={versionId ?? ''}
                disabled={followOwn}
                onChange={(e) => platformId && setPick({ platform: platformId, version: e.target.value })}
              >
                {(followOwn ? (dataOf(own)?.platform.versions ?? []) : (platform?.versions ?? [])).map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.id}
                    {v.effectiveFrom ? ` (from ${fmtDate(v.effectiveFrom)})` : ''}
                    {snapshot &&
                    snapshot.platform === platformId &&
                    snapshot.modelVersion === v.id &&
                    (followOwn || snapshot.model.origin === 'built-in')
                      ? ' · this snapshot'
                      : ''}
                  </option>
                ))}
              </select>
            </label>
            {!followOwn && platform && platform.versions.length > 1 && (
              <label className="inline-field">
                <span>Compare with</span>
                <select
                  id={ids.compare}
                  aria-label="Compare with"
                  className="select select-small"
                  value={compareVersion ?? ''}
                  onChange={(e) => setCompareWith(e.target.value ? { platform: platform.id, version: e.target.value } : null)}
                >
                  <option value="">—</option>
                  {platform.versions
                    .filter((v) => v.id !== versionId)
                    .map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.id}
                      </option>
                    ))}
                </select>
              </label>
            )}
          </div>
        }
      />
      {platforms.status === 'error' && <ErrorState error={platforms.error} onRetry={() => void snapshots.getState().load()} />}
      {model.status === 'error' && <ErrorState error={model.error} />}
      {(model.status === 'loading' || model.status === 'idle') && platforms.status !== 'error' && (
        <Loading label="Loading the role model…" />
      )}
      {changes?.status === 'error' && <ErrorState error={changes.error} />}
      {changes?.status === 'ready' && <ModelChanges diff={changes.data} />}
      {model.status === 'ready' && <RolesTable model={model.data} changes={changes?.status === 'ready' ? changes.data : undefined} />}
    </div>
  );
}

/** What changed between two versions of a model, asked of the back end (once per pair): null while there is nothing to compare. */
function useModelDiff(platform: PlatformSummary | undefined, from: string | undefined, to: string | undefined): Resource<ModelDiff> | null {
  const { models } = useStores();
  const key = platform && from && to ? modelDiffKey(platform.id, from, to) : null;
  const resource = useSlice(models, (s) => (key ? s.diffs[key] : undefined));
  useEffect(() => {
    if (platform && from && to) void models.getState().ensureDiff(platform, from, to);
  }, [models, platform, from, to]);
  if (!key) return null;
  if (resource?.status === 'ready') return { status: 'ready', data: resource.data.diff };
  return resource?.status === 'error' ? resource : { status: 'loading' };
}

function RolesTable({ model, changes }: { model: ModelInfo; changes?: ModelDiff }) {
  // Grants new in the shown version, and grants the compared version had that the shown one lacks, by role and permission.
  const changed = useMemo(() => {
    const marks = new Map<string, 'gained' | 'lost'>();
    for (const r of changes?.roles ?? []) {
      for (const g of r.gained) marks.set(`${r.role}|${g.id}`, 'gained');
      for (const g of r.lost) marks.set(`${r.role}|${g.id}`, 'lost');
    }
    return marks;
  }, [changes]);
  const levelName = (id: string) => model.platform.levels.find((l) => l.id === id)?.name ?? id;
  const roles = useMemo(() => {
    const levelOrder = new Map(model.platform.levels.map((l, i) => [l.id, i]));
    return [...model.roles].sort((a, b) => (levelOrder.get(a.level) ?? 0) - (levelOrder.get(b.level) ?? 0));
  }, [model]);
  const groups = useMemo(() => {
    const map = new Map<string, Permission[]>();
    for (const p of model.permissions) {
      const list = map.get(p.category) ?? [];
      list.push(p);
      map.set(p.category, list);
    }
    return [...map.entries()];
  }, [model]);
  const levelSpans: { level: string; count: number }[] = [];
  for (const r of roles) {
    const last = levelSpans[levelSpans.length - 1];
    if (last && last.level === r.level) last.count++;
    else levelSpans.push({ level: r.level, count: 1 });
  }

  return (
    <>
      <div className="model-meta">
        <Badge tone="accent">{model.platform.name}</Badge>
        {model.origin.origin === 'user' ? (
          <Badge title={`SHA-256 ${model.origin.sha256}`}>{`your model file ${model.origin.fileName}`}</Badge>
        ) : (
          <Badge>built-in model</Badge>
        )}
        <Badge>version {model.version.id}</Badge>
        {model.version.effectiveFrom && <Badge>from {fmtDate(model.version.effectiveFrom)}</Badge>}
        <span className="muted small">{model.version.note}</span>
      </div>
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="mcell mcell-all">✔</span> UI and API
        </li>
        <li>
          <span className="mcell mcell-ui">UI</span> web console only
        </li>
        <li>
          <span className="mcell mcell-api">API</span> API only
        </li>
        <li>
          <Badge tone="warning">plan</Badge> depends on the customer's plan
        </li>
        <li>
          <Badge tone="danger">privileged</Badge> users, administration, billing or integrations: a reviewer looks at these first
        </li>
        {changes && (
          <>
            <li>
              <span className="grant-gained">
                <span className="mcell mcell-all">✔</span>
              </span>{' '}
              new since version {changes.before.version}
            </li>
            <li>
              <span className="mcell grant-lost">−</span> granted in version {changes.before.version}, no longer
            </li>
          </>
        )}
      </ul>
      {/* Focusable, so the keyboard can scroll a wide model sideways; each role's column wide enough for its name ("Marketing"). */}
      <div className="table-wrap roles-wrap" tabIndex={0} role="region" aria-label="Role model">
        <table className="table roles-table" style={{ minWidth: `calc(var(--roles-perm-col) + ${roles.length} * var(--roles-role-col))` }}>
          <colgroup>
            <col className="col-permission" />
            {roles.map((r) => (
              <col key={r.id} />
            ))}
          </colgroup>
          <thead>
            <tr className="level-row">
              <th scope="col" rowSpan={2} className="roles-perm-col">
                Permission
              </th>
              {levelSpans.map((s) => (
                <th key={s.level} scope="colgroup" colSpan={s.count} className="level-head">
                  {levelName(s.level)} roles
                </th>
              ))}
            </tr>
            <tr>
              {roles.map((r) => (
                <th key={r.id} scope="col" className="role-head" title={r.description}>
                  <span className="role-name">{r.name}</span>
                  <span className="role-reach">{r.reach === 'subtree' ? 'and below' : 'here only'}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map(([category, permissions]) => [
              <tr key={`c-${category}`} className="group-row">
                <th scope="colgroup" colSpan={roles.length + 1}>
                  {category}
                </th>
              </tr>,
              ...permissions.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="roles-perm-col">
                    <div className="perm-cell">
                      <span className="perm-label">{p.label}</span>
                      {p.privileged && (
                        <Badge tone="danger" title="Managing users or roles, administering the tenancy, billing changes or integrations">
                          privileged
                        </Badge>
                      )}
                      {p.planDependent && (
                        <Badge tone="warning" title="The vendor says availability depends on the customer's plan">
                          plan
                        </Badge>
                      )}
                      <span className="perm-level">{levelName(p.level)}</span>
                    </div>
                  </th>
                  {roles.map((r) => (
                    <td key={r.id} className="role-cell">
                      <GrantMark role={r} permission={p} change={changed.get(`${r.id}|${p.id}`)} compared={changes?.before.version} />
                    </td>
                  ))}
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
      <div className="model-notes">
        <section className="card">
          <h2 className="card-title">Constraints</h2>
          {model.constraints.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="notes-list">
              {model.constraints.map((c, i) => (
                <li key={i}>
                  <Icon name="info" size={14} /> {c.description}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <h2 className="card-title">Notes</h2>
          {model.notes.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="notes-list">
              {model.notes.map((n, i) => (
                <li key={i}>
                  <Icon name="info" size={14} /> {n.text}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <h2 className="card-title">Role descriptions</h2>
          <dl className="role-descriptions">
            {roles.map((r) => (
              <div key={r.id}>
                <dt>
                  {r.name} <span className="muted small">({levelName(r.level)})</span>
                  {r.aliases.length > 0 && <span className="muted small"> · also “{r.aliases.join('”, “')}”</span>}
                </dt>
                <dd>{r.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </>
  );
}

function GrantMark({
  role,
  permission,
  change,
  compared,
}: {
  role: Role;
  permission: Permission;
  change?: 'gained' | 'lost';
  compared?: string;
}) {
  const grant = role.grants.find((g) => g.permission === permission.id);
  if (!grant && change === 'lost') {
    const text = `${role.name} granted ${permission.label} in version ${compared}, and no longer does`;
    return (
      <span className="mcell grant-lost" role="img" title={text} aria-label={`no longer (granted in version ${compared})`}>
        −
      </span>
    );
  }
  if (!grant) return <span className="mcell mcell-empty" role="img" aria-label="no" />;
  if (change === 'gained') {
    return (
      <span className="grant-gained" title={`New since version ${compared}`}>
        <GrantMark role={role} permission={permission} />
      </span>
    );
  }
  const channels = grantChannels(grant);
  const source = `as the vendor's documentation says: ${citeSeeds(grant.source)}`;
  if (channels.length === 2) {
    return (
      <span
        className="mcell mcell-all"
        role="img"
        title={`${role.name} grants ${permission.label} (UI and API) — ${source}`}
        aria-label="yes"
      >
        ✔
      </span>
    );
  }
  const c = channels[0];
  return (
    <span
      className={`mcell mcell-${c}`}
      role="img"
      title={`${role.name} grants ${permission.label} through the ${c.toUpperCase()} only — ${source}`}
      aria-label={`${c.toUpperCase()} only`}
    >
      {c.toUpperCase()}
    </span>
  );
}

// What changed between two versions of a role model: the roles added, removed, renamed and changed
// with the permissions each gained and lost (and where only one channel changed), and the catalog's
// permissions and constraints added, removed or changed. Shown by Roles ("Compare with") and Changes.
import type { ModelDiff } from '../../shared/api';
import type { GrantChange } from '../../shared/engine/model-diff';
import { Badge, ChannelBadges } from './Controls';

function Grant({ grant, sign }: { grant: GrantChange; sign: '+' | '−' }) {
  return (
    <li className={sign === '+' ? 'grant-change grant-change-gained' : 'grant-change grant-change-lost'}>
      {sign} {grant.label} {grant.channels.length === 1 && <ChannelBadges channels={grant.channels} />}{' '}
      {grant.privileged && <Badge tone="danger">privileged</Badge>}
    </li>
  );
}

export function ModelChanges({ diff, title }: { diff: ModelDiff; title?: string }) {
  const { permissions, constraints } = diff;
  const catalog = permissions.added.length + permissions.removed.length + permissions.changed.length;
  return (
    <section className="card model-changes" aria-label="Changes between the versions">
      <h2 className="card-title">{title ?? `From version ${diff.before.version} to ${diff.after.version}`}</h2>
      <p className="muted small">{diff.summary}.</p>
      {diff.roles.length === 0 && <p className="muted">No role changed.</p>}
      <ul className="model-change-list" aria-label="Roles">
        {diff.roles.map((r) => (
          <li key={r.role} data-testid="model-role-change">
            <strong>{r.label}</strong>{' '}
            <Badge tone={r.status === 'added' ? 'success' : r.status === 'removed' ? 'danger' : 'neutral'}>
              {r.renamedFrom ? `renamed from ${r.renamedFrom}` : r.status}
            </Badge>
            <ul>
              {r.gained.map((g) => (
                <Grant key={`+${g.id}`} grant={g} sign="+" />
              ))}
              {r.lost.map((g) => (
                <Grant key={`-${g.id}`} grant={g} sign="−" />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {catalog > 0 && (
        <>
          <h3 className="model-changes-subtitle">Permissions</h3>
          <ul className="model-change-list" aria-label="Permissions">
            {permissions.added.map((p) => (
              <li key={`+${p.id}`} className="grant-change grant-change-gained">
                + {p.label} <Badge tone="success">new</Badge>
              </li>
            ))}
            {permissions.removed.map((p) => (
              <li key={`-${p.id}`} className="grant-change grant-change-lost">
                − {p.label} <Badge tone="danger">removed</Badge>
              </li>
            ))}
            {permissions.changed.map((p) => (
              <li key={`~${p.id}`}>
                ~ {p.label}: <span className="muted">{p.changes.join(', ')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {constraints.added.length + constraints.removed.length > 0 && (
        <>
          <h3 className="model-changes-subtitle">Constraints</h3>
          <ul className="model-change-list" aria-label="Constraints">
            {constraints.added.map((c) => (
              <li key={`+${c}`} className="grant-change grant-change-gained">
                + {c}
              </li>
            ))}
            {constraints.removed.map((c) => (
              <li key={`-${c}`} className="grant-change grant-change-lost">
                − {c}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

// A path of potential access, one line per hop: "Holds ‘Manage users' access to different groups’ as
// Manager at Fenwick Engineering → can give themselves Admin · group at …", then "→ Admin · group
// grants ‘Delete scans’", each line citing the vendor's words (Who can's why, an escalation finding).
import type { PotentialPath as Path } from '../../shared/engine/potential';
import type { SeedRef } from '../../shared/model/types';
import { SeedCitation } from './SeedCitation';

export function PotentialPath({ path, label = 'How they could give it to themselves' }: { path: Path; label?: string }) {
  return (
    <ol className="chain potential-path" aria-label={label}>
      {path.hops.map((h, i) => (
        <li key={`${i}:${h.permissionId}:${h.roleId}:${h.givesAt}`} data-testid="path-hop">
          <span className="chain-step">{i === 0 ? 'Holds' : 'Then'}</span>
          <span className="chain-text">
            Holds ‘{h.permission}’ as <strong>{h.heldAs}</strong> at <strong>{h.heldAt}</strong> → can give themselves{' '}
            <strong>{h.gives}</strong> at <strong>{h.givesAt}</strong>
          </span>
          <Citations sources={h.source} label="The vendor's documentation saying this permission gives that role" />
        </li>
      ))}
      <li data-testid="path-hop">
        <span className="chain-step">Grant</span>
        <span className="chain-text">
          → <strong>{path.role}</strong> grants ‘{path.permission}’
        </span>
        <Citations sources={path.grantSource} role={path.roleName} label="The vendor's documentation behind this grant" />
      </li>
    </ol>
  );
}

function Citations({ sources, role, label }: { sources: readonly SeedRef[]; role?: string; label: string }) {
  if (sources.length === 0) return null;
  return (
    <span className="chain-citations" aria-label={label}>
      {sources.map((s) => (
        <SeedCitation key={`${s.file}:${s.line}`} source={s} role={role} />
      ))}
    </span>
  );
}

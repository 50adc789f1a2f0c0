// The why behind a matrix cell, in a dialog: at a tenant, the `can` answer — the why-chain of each
// grant as Who can draws it, or why not as "Can they…?" does; where the cell shows ◐ (only further
// down), the tenants below where the person holds it and through which role.
import type { NodeAccess } from '../../shared/engine/evaluate';
import type { Permission } from '../../shared/model/types';
import { CELL_SYMBOL } from '../../shared/engine/matrix-export';
import type { MatrixCell } from '../../shared/engine/evaluate';
import { useSlice, useStores } from '../app/context';
import { ChannelBadges } from '../components/Controls';
import { Dialog } from '../components/Dialog';
import { PathLabel } from '../components/PathLabel';
import { SeedCitation } from '../components/SeedCitation';
import { ErrorState, Loading } from '../components/Status';
import { lastName, plural } from '../lib/format';
import type { WhyAnswer, WhyCell } from '../state/matrix';
import { CanResult } from './UsersView';
import { WhyChain } from './WhoCanView';

/** A cell in words: "Priya Raman can Approve Assisted Remediation at Bayside Dental (UI only)". */
export function cellSentence(who: string, permission: string, cell: MatrixCell, scope: string | null): string {
  const here = scope ? `at ${lastName(scope)}` : 'here';
  switch (cell) {
    case 'all':
      return `${who} can ${permission} ${here}`;
    case 'ui':
      return `${who} can ${permission} ${here} (UI only)`;
    case 'api':
      return `${who} can ${permission} ${here} (API only)`;
    case 'below':
      return `${who} can ${permission} only further down, not ${here}`;
    case 'none':
      return `${who} cannot ${permission} ${scope ? here : 'anywhere'}`;
  }
}

export function MatrixWhyDialog({ onClose }: { onClose: () => void }) {
  const { matrix } = useStores();
  const why = useSlice(matrix, (s) => s.why);
  const cell = why?.cell;
  const who = cell ? cell.name || cell.email : '';
  return (
    <Dialog open={why !== null} onClose={onClose} size="lg" title={cell ? `${who} · ${cell.permission.label}` : ''}>
      {cell && why && (
        <div className="matrix-why" data-testid="matrix-why">
          {/* The `can` answer says its verdict itself; where the cell shows ◐, the cell's sentence leads. */}
          {(cell.cell === 'below' || cell.scope === null) && (
            <p className="why-cell">
              <span className={`mcell mcell-${cell.cell}`} aria-hidden="true">
                {cell.cell === 'ui' || cell.cell === 'api' ? cell.cell.toUpperCase() : CELL_SYMBOL[cell.cell]}
              </span>
              <span>
                {cellSentence(who, cell.permission.label, cell.cell, cell.scope)}
                {cell.channel ? `, through the ${cell.channel.toUpperCase()}` : ''}.
              </span>
            </p>
          )}
          {why.answer.status === 'error' && <ErrorState compact error={why.answer.error} />}
          {why.answer.status === 'ready' ? (
            <WhyAnswerView cell={cell} answer={why.answer.data} />
          ) : (
            why.answer.status !== 'error' && <Loading label="Working out why…" />
          )}
        </div>
      )}
    </Dialog>
  );
}

function WhyAnswerView({ cell, answer }: { cell: WhyCell; answer: WhyAnswer }) {
  if (answer.kind === 'can') {
    const can = answer.can.answer;
    if (!can.allowed) return <CanResult answer={can} />;
    // Yes: the verdict (and the plan caveat, if any), then each grant's chain as Who can draws it;
    // the roles that do not reach here are beside the point.
    const grants = can.reasons.filter((r) => r.kind === 'grants');
    return (
      <>
        <CanResult answer={{ ...can, reasons: can.reasons.filter((r) => r.kind === 'plan-dependent') }} />
        {grants.map((r, i) =>
          r.chain ? (
            <WhyChain
              key={i}
              entry={{ ...r.chain, email: can.user.email, scope: can.scope, includesBelow: r.chain.reach === 'subtree' }}
              permissionLabel={can.permission.label}
            />
          ) : null,
        )}
      </>
    );
  }
  return <WhereBelow cell={cell} nodes={answer.access.answer.nodes} />;
}

/** Where below the scope the person holds the permission (on the matrix's channel), and through which role. */
function WhereBelow({ cell, nodes }: { cell: WhyCell; nodes: NodeAccess[] }) {
  const places = nodes.flatMap((node) => {
    if (cell.scope !== null && !node.node.path.startsWith(`${cell.scope}/`)) return [];
    const held = node.permissions.find((p) => p.permission.id === cell.permission.id);
    const via = held?.via.filter((v) => cell.channel === null || v.channels.includes(cell.channel)) ?? [];
    return via.length > 0 ? [{ node, via }] : [];
  });
  const where = cell.scope ? ` below ${lastName(cell.scope)}` : '';
  if (places.length === 0) {
    return <p className="muted">None of their roles grants {cell.permission.label} anywhere in this snapshot.</p>;
  }
  return (
    <>
      <h3 className="why-heading">
        They can at {plural(places.length, 'tenant')}
        {where}, through these roles
      </h3>
      <table className="table table-compact why-places">
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Channels</th>
            <th scope="col">Through</th>
          </tr>
        </thead>
        <tbody>
          {places.map(({ node, via }) => (
            <tr key={node.node.id}>
              <td className="path-cell">
                <PathLabel
                  path={node.node.path}
                  suffix={node.reachCount > 1 ? `and ${plural(node.reachCount - 1, 'tenant')} below` : undefined}
                />
              </td>
              <td>
                <ChannelBadges channels={[...new Set(via.flatMap((v) => v.channels))]} />
              </td>
              <td className="via">
                {via.map((v) => (
                  <span key={v.assignmentId} className="via-item">
                    <strong>{v.roleLabel}</strong>{' '}
                    {v.assignedAt === node.node.path ? 'assigned here' : `assigned at ${lastName(v.assignedAt)}`}{' '}
                    <code className="chain-source" title="The import row behind this assignment">
                      {v.sourceFile}:{v.sourceLine}
                    </code>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <VendorSays permission={cell.permission} places={places} />
    </>
  );
}

/** Each role's grant of the permission, as the vendor's documentation words it (once per role). */
function VendorSays({ permission, places }: { permission: Permission; places: { via: NodeAccess['permissions'][number]['via'] }[] }) {
  const roles = new Map<string, NodeAccess['permissions'][number]['via'][number]>();
  for (const { via } of places) for (const v of via) if (!roles.has(v.roleId)) roles.set(v.roleId, v);
  return (
    <>
      <h3 className="why-heading">What the vendor's documentation says</h3>
      <ul className="why-vendor" aria-label="The vendor's documentation behind these grants">
        {[...roles.values()].map((v) => (
          <li key={v.roleId}>
            <span>
              {v.roleLabel} grants “{permission.label}” <ChannelBadges channels={v.channels} />
            </span>
            <span className="chain-citations">
              {v.grantSource.map((s) => (
                <SeedCitation key={`${s.file}:${s.line}`} source={s} role={v.role} />
              ))}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

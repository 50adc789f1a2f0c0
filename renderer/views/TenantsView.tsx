// Tenants: the snapshot's tree of nodes with their people and assignment counts. Choosing a node sets
// the scope every other view answers for.
import { useEffect, useMemo, useState } from 'react';
import type { TreeNode } from '../../shared/api';
import { useSlice, useStores } from '../app/context';
import { useReloadTick, useSnapshot } from '../app/hooks';
import { Badge, PageHeader, SearchField } from '../components/Controls';
import { Icon } from '../components/Icon';
import { NeedSnapshot } from '../components/NeedSnapshot';
import { Empty, ErrorState, Loading } from '../components/Status';
import { VirtualList } from '../components/VirtualList';
import { fmtNumber, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import { platformOf } from '../state/snapshots';
import { indexTree, visibleRows } from '../state/tree';

const ROW = 36;

export function TenantsView() {
  const snapshot = useSnapshot();
  if (!snapshot) return <NeedSnapshot title="Tenants" />;
  return <Tenants snapshotId={snapshot.id} platformId={snapshot.platform} />;
}

function Tenants({ snapshotId, platformId }: { snapshotId: number; platformId: string }) {
  const { tree, scope, snapshots, ui } = useStores();
  const nodes = useSlice(tree, (s) => s.nodes);
  const expanded = useSlice(tree, (s) => s.expanded);
  const filter = useSlice(tree, (s) => s.filter);
  const scopePath = useSlice(scope, (s) => s.path);
  const platform = useSlice(snapshots, (s) => platformOf(s, platformId));
  const tick = useReloadTick();
  const [activeId, setActiveId] = useState<number | null>(null);

  useEffect(() => {
    void tree.getState().load(snapshotId, tick > 0);
  }, [tree, snapshotId, tick]);

  // Show the scope's node when arriving from another view.
  useEffect(() => {
    if (scopePath && nodes.status === 'ready') tree.getState().reveal(scopePath);
  }, [scopePath, nodes.status, tree]);

  const data = dataOf(nodes);
  const index = useMemo(() => (data ? indexTree(data) : null), [data]);
  const rows = useMemo(() => (index ? visibleRows(index, expanded, filter) : []), [index, expanded, filter]);
  const selected = scopePath && index ? index.byPath.get(scopePath) : undefined;
  const activeIndex = rows.findIndex((r) => r.node.id === (activeId ?? selected?.id));
  const cursor = activeIndex >= 0 ? activeIndex : 0;
  const levelName = (depth: number) => platform?.levels[depth]?.name ?? `Level ${depth + 1}`;

  const choose = (node: TreeNode) => {
    setActiveId(node.id);
    scope.getState().setScope(node.path);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const row = rows[cursor];
    if (!row) return;
    const move = (i: number) => setActiveId(rows[Math.max(0, Math.min(rows.length - 1, i))].node.id);
    switch (event.key) {
      case 'ArrowDown':
        move(cursor + 1);
        break;
      case 'ArrowUp':
        move(cursor - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'PageDown':
        move(cursor + 10);
        break;
      case 'PageUp':
        move(cursor - 10);
        break;
      case 'ArrowRight':
        if (row.hasChildren && !row.expanded) tree.getState().toggle(row.node.id, true);
        else if (row.expanded) move(cursor + 1);
        break;
      case 'ArrowLeft':
        if (row.expanded) tree.getState().toggle(row.node.id, false);
        else if (row.node.parentId !== null) setActiveId(row.node.parentId);
        break;
      case 'Enter':
      case ' ':
        choose(row.node);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  let body: React.ReactNode;
  if (nodes.status === 'error') body = <ErrorState error={nodes.error} onRetry={() => void tree.getState().load(snapshotId, true)} />;
  else if (!data || !index) body = <Loading label="Loading tenants…" />;
  else if (data.length === 0) body = <Empty icon="tree" title="This snapshot has no tenants" />;
  else if (rows.length === 0)
    body = (
      <Empty
        icon="search"
        title={`No tenant matches “${filter}”`}
        actions={
          <button type="button" className="btn" onClick={() => tree.getState().setFilter('')}>
            Clear the filter
          </button>
        }
      />
    );
  else
    body = (
      <VirtualList
        className="tree-grid"
        role="treegrid"
        aria-label="Tenants"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={rows[cursor] ? `node-${rows[cursor].node.id}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        count={rows.length}
        rowHeight={ROW}
        ensureVisible={cursor}
        header={
          <div className="tree-row tree-head" role="row" aria-rowindex={1}>
            <span role="columnheader" className="tree-name">
              Tenant
            </span>
            <span role="columnheader" className="tree-level">
              Level
            </span>
            <span role="columnheader" className="num" title="People with a role here or below, or with a role above that reaches down">
              People with access
            </span>
            <span role="columnheader" className="num" title="Role assignments made at this tenant itself">
              Role assignments here
            </span>
            <span
              role="columnheader"
              className="num"
              title="Role assignments made at this tenant and at every tenant below it (blank where nothing is below)"
            >
              Role assignments incl. below
            </span>
          </div>
        }
        renderRow={(i) => {
          const row = rows[i];
          const node = row.node;
          const isScope = node.path === scopePath;
          return (
            <div
              key={node.id}
              id={`node-${node.id}`}
              role="row"
              aria-rowindex={i + 2}
              aria-level={row.depth + 1}
              aria-expanded={row.hasChildren ? row.expanded : undefined}
              aria-selected={isScope}
              className={`tree-row${isScope ? ' selected' : ''}${i === cursor ? ' active' : ''}`}
              onClick={() => choose(node)}
              onDoubleClick={() => row.hasChildren && tree.getState().toggle(node.id)}
            >
              <span role="gridcell" className="tree-name" style={{ paddingLeft: 8 + row.depth * 20 }}>
                {row.hasChildren ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="tree-toggle"
                    aria-label={row.expanded ? `Collapse ${node.name}` : `Expand ${node.name}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      tree.getState().toggle(node.id);
                    }}
                  >
                    <Icon name={row.expanded ? 'chevronDown' : 'chevronRight'} size={14} />
                  </button>
                ) : (
                  <span className="tree-toggle-space" />
                )}
                <span className="tree-label" title={node.path}>
                  {node.name}
                </span>
                {row.hasChildren && <span className="muted small">{fmtNumber(node.childIds.length)}</span>}
              </span>
              <span role="gridcell" className="tree-level">
                <Badge>
                  {node.level ? (platform?.levels.find((l) => l.id === node.level)?.name ?? node.level) : levelName(node.depth)}
                </Badge>
              </span>
              <span role="gridcell" className="num" title={peopleTitle(node)}>
                {fmtNumber(node.peopleWithAccess)}
              </span>
              <span role="gridcell" className="num">
                {fmtNumber(node.assignmentCount)}
              </span>
              {row.hasChildren ? (
                <span role="gridcell" className="num">
                  {fmtNumber(node.subtreeAssignmentCount)}
                </span>
              ) : (
                <span role="gridcell" className="num muted" aria-label="No tenants below" title="No tenants below">
                  –
                </span>
              )}
            </div>
          );
        }}
      />
    );

  return (
    <div className="page page-fill">
      <PageHeader
        title="Tenants"
        description="Choose a tenant to scope Who can, Users, the Access matrix and “Can they…?” to it. Arrow keys move, → and ← open and close, Enter chooses."
      />
      <div className="toolbar">
        <SearchField label="Find a tenant" value={filter} onChange={(text) => tree.getState().setFilter(text)} />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => tree.getState().expandAll()}>
          Expand all
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => tree.getState().collapseAll()}>
          Collapse all
        </button>
        <span className="toolbar-spacer" />
        {data && <span className="muted small">{plural(data.length, 'tenant')}</span>}
      </div>
      <div className="split">
        <div className="split-main">{body}</div>
        <aside className="split-side" aria-label="Scope">
          <ScopeCard
            node={selected}
            levelName={selected ? (platform?.levels.find((l) => l.id === selected.level)?.name ?? selected.level) : ''}
            onGo={(v) => ui.getState().setView(v)}
          />
        </aside>
      </div>
    </div>
  );
}

function ScopeCard({ node, levelName, onGo }: { node?: TreeNode; levelName: string; onGo: (view: 'who-can' | 'matrix') => void }) {
  const { scope } = useStores();
  if (!node) {
    return (
      <div className="card scope-card">
        <h2 className="card-title">All tenants</h2>
        <p className="muted">
          No tenant is chosen: the other views answer for every tenant in the snapshot. Choose one in the tree to narrow them.
        </p>
        <div className="scope-actions">
          <button type="button" className="btn btn-block" onClick={() => onGo('who-can')}>
            <Icon name="key" /> Who can… anywhere
          </button>
          <button type="button" className="btn btn-block" onClick={() => onGo('matrix')}>
            <Icon name="grid" /> Access matrix for everyone
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="card scope-card">
      <div className="scope-card-head">
        <Badge tone="accent">{levelName}</Badge>
      </div>
      <h2 className="card-title">{node.name}</h2>
      <p className="scope-path" title={node.path}>
        {node.path}
      </p>
      <dl className="stats stats-small">
        <div>
          <dt>People with access</dt>
          <dd title={peopleTitle(node)}>{fmtNumber(node.peopleWithAccess)}</dd>
        </div>
        <div>
          <dt>Role assignments here</dt>
          <dd>{fmtNumber(node.assignmentCount)}</dd>
        </div>
        {node.childIds.length > 0 && (
          <div>
            <dt>Role assignments incl. below</dt>
            <dd>{fmtNumber(node.subtreeAssignmentCount)}</dd>
          </div>
        )}
      </dl>
      <div className="scope-actions">
        <button type="button" className="btn btn-block" onClick={() => onGo('who-can')}>
          <Icon name="key" /> Who can… here
        </button>
        <button type="button" className="btn btn-block" onClick={() => onGo('matrix')}>
          <Icon name="grid" /> Access matrix here
        </button>
        <button type="button" className="btn btn-block btn-ghost" onClick={() => scope.getState().setScope(null)}>
          <Icon name="x" /> Back to all tenants
        </button>
      </div>
    </div>
  );
}

/** "11 with a role here or below, 12 through a role above": what the people count is made of. */
function peopleTitle(node: TreeNode): string {
  const inherited = node.peopleWithAccess - node.userCount;
  return `${fmtNumber(node.userCount)} with a role here or below${inherited > 0 ? `, ${fmtNumber(inherited)} through a role above that reaches down` : ''}`;
}

// Pickers over the open snapshot's model and tree: a permission (grouped by category) and a scope.
import { useEffect, useMemo } from 'react';
import type { ModelInfo, TreeNode } from '../../shared/api';
import type { Permission } from '../../shared/model/types';
import { useSlice, useStores } from '../app/context';
import { lastName, pathCrumbs } from '../lib/format';
import { dataOf } from '../state/resource';
import { Combobox, type ComboOption } from './Combobox';

export function permissionOptions(model: ModelInfo): ComboOption[] {
  const levelName = (id: string) => model.platform.levels.find((l) => l.id === id)?.name ?? id;
  const order = new Map<string, number>();
  model.permissions.forEach((p) => {
    if (!order.has(p.category)) order.set(p.category, order.size);
  });
  return [...model.permissions]
    .sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0))
    .map((p: Permission) => ({
      value: p.id,
      label: p.label,
      group: p.category,
      keywords: p.id,
      hint: `${levelName(p.level)}${p.planDependent ? ' · plan' : ''}`,
    }));
}

export function PermissionPicker({
  model,
  value,
  onChange,
  find,
  id,
  onInputChange,
}: {
  model: ModelInfo;
  value: string | null;
  onChange: (value: string | null) => void;
  find?: boolean;
  id?: string;
  /** What the person types, as they type it. */
  onInputChange?: (text: string) => void;
}) {
  const options = useMemo(() => permissionOptions(model), [model]);
  return (
    <Combobox
      id={id}
      label="Permission"
      placeholder={`Search ${model.permissions.length} permissions…`}
      options={options}
      value={value}
      onChange={onChange}
      find={find}
      emptyText="No permission matches"
      onInputChange={onInputChange}
    />
  );
}

const ALL = '\u0000all';

/** A tenant node of the open snapshot (or, with `allowAll`, every tenant). */
export function ScopePicker({
  snapshotId,
  value,
  onChange,
  allowAll = true,
  id,
  label = 'Scope',
  only,
}: {
  snapshotId: number;
  value: string | null;
  onChange: (path: string | null) => void;
  allowAll?: boolean;
  id?: string;
  label?: string;
  /** Only the tenants this accepts (those of one level, say). */
  only?: (node: TreeNode) => boolean;
}) {
  const { tree } = useStores();
  const nodes = useSlice(tree, (s) => (s.snapshotId === snapshotId ? dataOf(s.nodes) : undefined));
  useEffect(() => {
    void tree.getState().load(snapshotId);
  }, [tree, snapshotId]);
  const options = useMemo<ComboOption[]>(() => {
    const list: ComboOption[] = allowAll ? [{ value: ALL, label: 'All tenants', hint: 'everywhere' }] : [];
    const sorted = [...(nodes ?? [])].filter((n) => !only || only(n)).sort((a, b) => a.path.localeCompare(b.path));
    for (const n of sorted) {
      const crumbs = pathCrumbs(n.path);
      const parent = crumbs.length > 1 ? crumbs[crumbs.length - 2].path : '';
      list.push({ value: n.path, label: lastName(n.path), keywords: n.path, hint: parent || undefined });
    }
    return list;
  }, [nodes, allowAll, only]);
  return (
    <Combobox
      id={id}
      label={label}
      placeholder={nodes ? 'Search tenants…' : 'Loading tenants…'}
      options={options}
      value={value ?? (allowAll ? ALL : null)}
      onChange={(v) => onChange(v === ALL ? null : v)}
      emptyText="No tenant matches"
    />
  );
}

// Effective access gained and lost, person by person (or permission by permission), each change
// expandable to its why (the assignment, the role's grant, where, and the side it comes from).
// Shared by Changes (two snapshots, two model versions) and What if (a plan on a snapshot): only
// the last step of the why differs.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { extentText } from '../../shared/engine/diff-export';
import type { PersonAccessChange } from '../../shared/engine/snapshot-diff';
import { fmtNumber, plural } from '../lib/format';
import { Badge, ChannelBadges } from './Controls';
import { Icon } from './Icon';

export type PersonKind = 'added' | 'removed' | 'changed';

export const changeKey = (c: PersonAccessChange) =>
  [c.email, c.change, c.permission, c.scope, c.extent, c.channels.join('+'), c.via.assignmentId].join('|');

/** Where an assignment comes from: its import row, or the plan's change that proposes it. */
export const sourceText = (c: PersonAccessChange) =>
  c.via.sourceFile === 'plan' ? `plan change ${c.via.sourceLine}` : `row ${c.via.sourceFile}:${c.via.sourceLine}`;

export interface AccessChangesProps {
  /** The changes shown (person by person, as the diff keeps them), and how many there are in all. */
  access: PersonAccessChange[];
  total: number;
  kindOf(email: string): PersonKind;
  /** Keys (changeKey) of the changes whose why is open. */
  open: ReadonlySet<string>;
  onToggle(key: string): void;
  /** The why's last step: which side the assignment is on. */
  side(change: PersonAccessChange): ReactNode;
  title?: string;
  /** Person by person (the default: the diff's order), or permission by permission (privileged first) with the people under each. */
  grouping?: 'person' | 'permission';
}

/** A person's or a permission's heading, or a change under it: the list is windowed over these. */
type Item =
  | { kind: 'heading'; change: PersonAccessChange; gainers: number; losers: number }
  | { kind: 'change'; change: PersonAccessChange; first: boolean; last: boolean };

function itemsOf(access: PersonAccessChange[], grouping: 'person' | 'permission'): Item[] {
  const byPermission = grouping === 'permission';
  const list = byPermission
    ? access
        .map((c, i) => ({ c, i }))
        .sort((a, b) => Number(b.c.privileged) - Number(a.c.privileged) || a.c.label.localeCompare(b.c.label) || a.i - b.i)
        .map(({ c }) => c)
    : access;
  const groupOf = (c: PersonAccessChange) => (byPermission ? c.permission : c.email);
  const items: Item[] = [];
  let heading: Extract<Item, { kind: 'heading' }> | undefined;
  let seen = { gained: new Set<string>(), lost: new Set<string>() };
  list.forEach((c, i) => {
    const first = i === 0 || groupOf(list[i - 1]) !== groupOf(c);
    if (first) {
      items.push((heading = { kind: 'heading', change: c, gainers: 0, losers: 0 }));
      seen = { gained: new Set(), lost: new Set() };
    }
    seen[c.change].add(c.email);
    heading!.gainers = seen.gained.size;
    heading!.losers = seen.lost.size;
    items.push({ kind: 'change', change: c, first, last: i === list.length - 1 || groupOf(list[i + 1]) !== groupOf(c) });
  });
  return items;
}

/**
 * The access changes, person by person, windowed with TanStack Virtual over the page's own scrolling
 * (main): only the rows in view are in the document.
 */
export function AccessChanges({
  access,
  total,
  kindOf,
  open,
  onToggle,
  side,
  title = 'Access changes',
  grouping = 'person',
}: AccessChangesProps) {
  const items = useMemo(() => itemsOf(access, grouping), [access, grouping]);
  const list = useRef<HTMLDivElement>(null);
  // Where the list starts in main's scrolling content: what the page shows above it.
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const el = list.current;
    const main = el?.closest('main');
    if (!el || !main) return;
    const measure = () => setMargin(el.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(main);
    if (main.firstElementChild) observer.observe(main.firstElementChild);
    return () => observer.disconnect();
  }, []);
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => list.current?.closest('main') ?? null,
    estimateSize: (i) => (items[i].kind === 'heading' ? 40 : 46),
    getItemKey: (i) => {
      const { kind, change } = items[i];
      return kind === 'change' ? changeKey(change) : `${grouping}:${grouping === 'person' ? change.email : change.permission}`;
    },
    overscan: 12,
    scrollMargin: margin,
  });
  const shown = rows.getVirtualItems();
  const padTop = shown.length > 0 ? shown[0].start - margin : 0;
  const padBottom = shown.length > 0 ? rows.getTotalSize() - (shown[shown.length - 1].end - margin) : 0;
  return (
    <section className="changes-access" aria-labelledby="changes-access-title">
      <h2 className="section-title" id="changes-access-title">
        {title}{' '}
        <span className="muted small" data-testid="changes-shown">
          {plural(access.length, 'change')} shown of {fmtNumber(total)}
        </span>
      </h2>
      {items.length === 0 && <p className="muted">{total === 0 ? 'No access changes.' : 'No access change matches the filters.'}</p>}
      <div ref={list} data-testid="changes-list">
        {padTop > 0 && <div aria-hidden="true" style={{ height: padTop }} />}
        {shown.map((v) => {
          const item = items[v.index];
          const c = item.change;
          if (item.kind === 'heading') {
            return (
              <div key={v.key} data-index={v.index} ref={rows.measureElement} className="change-person">
                {grouping === 'person' ? (
                  <PersonHeading change={c} kind={kindOf(c.email)} />
                ) : (
                  <PermissionHeading change={c} gainers={item.gainers} losers={item.losers} />
                )}
              </div>
            );
          }
          const key = changeKey(c);
          return (
            <div key={v.key} data-index={v.index} ref={rows.measureElement} className={item.last ? 'change-item last' : 'change-item'}>
              <ChangeRow
                change={c}
                first={item.first}
                open={open.has(key)}
                onToggle={() => onToggle(key)}
                side={side(c)}
                byPermission={grouping === 'permission'}
              />
            </div>
          );
        })}
        {padBottom > 0 && <div aria-hidden="true" style={{ height: padBottom }} />}
      </div>
    </section>
  );
}

function PersonHeading({ change: c, kind }: { change: PersonAccessChange; kind: PersonKind }) {
  return (
    <h3 className="change-person-title">
      <span>{c.name || c.email}</span>
      <span className="muted small">{c.email}</span>
      <Badge tone={kind === 'added' ? 'success' : kind === 'removed' ? 'danger' : 'neutral'}>{kind}</Badge>
    </h3>
  );
}

function PermissionHeading({ change: c, gainers, losers }: { change: PersonAccessChange; gainers: number; losers: number }) {
  return (
    <h3 className="change-person-title" data-testid="change-permission">
      <span>{c.label}</span>
      {c.privileged && <PrivilegedBadge />}
      {gainers > 0 && <span className="change-mark gained small">✔ {plural(gainers, 'person gains', 'people gain')} it</span>}
      {losers > 0 && <span className="change-mark lost small">✖ {plural(losers, 'person loses', 'people lose')} it</span>}
    </h3>
  );
}

const PrivilegedBadge = () => (
  <Badge tone="danger" title="Managing users or roles, administering the tenancy, billing changes or integrations">
    privileged
  </Badge>
);

interface ChangeRowProps {
  change: PersonAccessChange;
  first: boolean;
  open: boolean;
  onToggle(): void;
  side: ReactNode;
  /** Under a permission's heading: the row names the person rather than the permission. */
  byPermission?: boolean;
}

function ChangeRow({ change: c, first, open, onToggle, side, byPermission = false }: ChangeRowProps) {
  const gained = c.change === 'gained';
  const planned = c.via.sourceFile === 'plan';
  return (
    <div
      className={`change${open ? ' open' : ''}${first ? ' first' : ''}`}
      data-testid="change-row"
      data-person={c.email}
      data-change={c.change}
      data-privileged={c.privileged}
    >
      <button type="button" className="change-row" aria-expanded={open} onClick={onToggle}>
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
        <span className={gained ? 'change-mark gained' : 'change-mark lost'}>{gained ? '✔ gained' : '✖ lost'}</span>
        <span className="change-what">
          {byPermission ? (
            <>
              <strong>{c.name || c.email}</strong> <span className="muted small nowrap">{c.email}</span>
            </>
          ) : (
            <strong>{c.label}</strong>
          )}
          {c.channels.length === 1 && <ChannelBadges channels={c.channels} />}
          {c.privileged && !byPermission && <PrivilegedBadge />}
        </span>
        <span className="change-where">{extentText(c)}</span>
        <span className="change-via muted">
          via {c.via.role} <span className="nowrap">({sourceText(c)})</span>
        </span>
      </button>
      {open && (
        <ol className="chain change-why" aria-label="Why">
          <li>
            <span className="chain-step">Assignment</span>
            <span className="chain-text">
              <strong>{c.email}</strong> {planned ? 'would hold' : 'holds'} <strong>{c.via.role}</strong> at{' '}
              <strong>{c.via.assignedAt}</strong>
            </span>
            <code
              className="chain-source"
              title={planned ? "The plan's change behind this assignment" : 'The import row behind this assignment'}
            >
              {planned ? `plan #${c.via.sourceLine}` : `${c.via.sourceFile}:${c.via.sourceLine}`}
            </code>
          </li>
          <li>
            <span className="chain-step">Role</span>
            <span className="chain-text">
              {c.via.role} grants “{c.label}” <ChannelBadges channels={c.channels} />
            </span>
          </li>
          <li>
            <span className="chain-step">Where</span>
            <span className="chain-text">
              {gained ? 'Gained' : 'Lost'} {extentText(c)}
            </span>
          </li>
          <li>{side}</li>
        </ol>
      )}
    </div>
  );
}

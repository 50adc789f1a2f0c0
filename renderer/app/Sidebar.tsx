// The left column: the app's name, the open snapshot (and a switcher), the views.
import { useEffect, useRef, useState } from 'react';
import type { SnapshotInfo } from '../../shared/api';
import { Icon, type IconName } from '../components/Icon';
import { fmtDateTime, fmtDay } from '../lib/format';
import { dataOf } from '../state/resource';
import { platformOf, selectedSnapshot } from '../state/snapshots';
import { VIEW_TITLES, type ViewId } from '../state/ui';
import { useSlice, useStores } from './context';

const NAV: { id: ViewId; icon: IconName }[] = [
  { id: 'snapshots', icon: 'layers' },
  { id: 'tenants', icon: 'tree' },
  { id: 'who-can', icon: 'key' },
  { id: 'users', icon: 'users' },
  { id: 'matrix', icon: 'grid' },
  { id: 'roles', icon: 'shield' },
];

export function Sidebar() {
  const { ui, wizard, client } = useStores();
  const view = useSlice(ui, (s) => s.view);
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="shield" size={18} />
        </span>
        <span className="brand-name">Permission Auditor</span>
      </div>
      <SnapshotSwitcher />
      <nav className="nav" aria-label="Views">
        {NAV.map((item) => (
          <button
            key={item.id}
            type="button"
            className={item.id === view ? 'nav-item active' : 'nav-item'}
            aria-current={item.id === view ? 'page' : undefined}
            onClick={() => ui.getState().setView(item.id)}
          >
            <Icon name={item.icon} />
            <span>{VIEW_TITLES[item.id]}</span>
          </button>
        ))}
      </nav>
      <div className="sidebar-footer">
        <button type="button" className="btn btn-block" onClick={() => wizard.getState().start()}>
          <Icon name="upload" /> Import CSV…
        </button>
        <p className="sidebar-note">
          {client.mode === 'desktop' ? 'Everything stays on this computer.' : 'Browser mode · served from this computer only.'}
        </p>
      </div>
    </aside>
  );
}

function SnapshotSwitcher() {
  const { snapshots, ui } = useStores();
  const list = useSlice(snapshots, (s) => dataOf(s.list));
  const current = useSlice(snapshots, selectedSnapshot);
  const platforms = useSlice(snapshots, (s) => s.platforms);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    listRef.current?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const platformName = (s: SnapshotInfo) => platformOf({ platforms }, s.platform)?.name ?? s.platform;
  const items = list ?? [];
  const choose = (s: SnapshotInfo | undefined) => {
    if (!s) return;
    snapshots.getState().select(s.id);
    setOpen(false);
  };

  if (!current) {
    return (
      <div className="switcher switcher-empty">
        <span className="switcher-label">No snapshot open</span>
        <button type="button" className="link" onClick={() => ui.getState().setView('snapshots')}>
          Open or import one
        </button>
      </div>
    );
  }
  return (
    <div className="switcher" ref={root}>
      <button
        type="button"
        className="switcher-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label={`Open snapshot: ${current.name}. Switch snapshot`}
        onClick={() => {
          setActive(
            Math.max(
              0,
              items.findIndex((s) => s.id === current.id),
            ),
          );
          setOpen(!open);
        }}
      >
        <span className="switcher-text">
          <span className="switcher-name">{current.name}</span>
          <span className="switcher-meta">
            {platformName(current)} · model {current.modelVersion}
          </span>
          <span className="switcher-meta" title={`Imported ${fmtDateTime(current.importedAt)}`}>
            Imported {fmtDay(current.importedAt)}
          </span>
        </span>
        <Icon name="chevronUpDown" />
      </button>
      {open && (
        <ul
          ref={listRef}
          className="switcher-list"
          role="listbox"
          tabIndex={-1}
          aria-label="Snapshots"
          aria-activedescendant={`snap-opt-${items[active]?.id}`}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
            else if (event.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (event.key === 'Enter' || event.key === ' ') choose(items[active]);
            else if (event.key === 'Escape') setOpen(false);
            else return;
            event.preventDefault();
            event.stopPropagation();
          }}
        >
          {items.map((s, i) => (
            <li
              key={s.id}
              id={`snap-opt-${s.id}`}
              role="option"
              aria-selected={s.id === current.id}
              className={`switcher-option${i === active ? ' active' : ''}`}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(s);
              }}
              onMouseMove={() => setActive(i)}
            >
              <span className="switcher-name">{s.name}</span>
              <span className="switcher-meta">
                {platformName(s)} · {s.modelVersion} · {fmtDateTime(s.importedAt)}
              </span>
              {s.id === current.id && <Icon name="check" className="switcher-check" />}
            </li>
          ))}
          <li role="presentation" className="switcher-footer">
            <button
              type="button"
              className="link"
              onMouseDown={(event) => {
                event.preventDefault();
                setOpen(false);
                ui.getState().setView('snapshots');
              }}
            >
              Manage snapshots…
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

// The left column: the app's name, the open snapshot (and a switcher), the views.
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, ListBox, ListBoxItem, Popover } from 'react-aria-components';
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
  { id: 'changes', icon: 'diff' },
  { id: 'what-if', icon: 'sparkle' },
  { id: 'findings', icon: 'flag' },
  { id: 'reviews', icon: 'clipboard' },
  { id: 'reports', icon: 'file' },
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

/** The open snapshot, and a popover listing every snapshot to switch to (React Aria: focus, keys, Escape). */
function SnapshotSwitcher() {
  const { snapshots, ui } = useStores();
  const list = useSlice(snapshots, (s) => dataOf(s.list));
  const current = useSlice(snapshots, selectedSnapshot);
  const platforms = useSlice(snapshots, (s) => s.platforms);
  const [open, setOpen] = useState(false);

  const platformName = (s: SnapshotInfo) => platformOf({ platforms }, s.platform)?.name ?? s.platform;

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
    <div className="switcher">
      <DialogTrigger isOpen={open} onOpenChange={setOpen}>
        <Button className="switcher-button" aria-label={`Open snapshot: ${current.name}. Switch snapshot`}>
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
        </Button>
        <Popover className="popover-surface switcher-popover" placement="bottom start" offset={4} maxHeight={420}>
          <Dialog className="switcher-dialog" aria-label="Switch snapshot">
            <ListBox
              className="switcher-list"
              aria-label="Snapshots"
              items={list ?? []}
              dependencies={[platforms]}
              selectionMode="single"
              selectedKeys={[current.id]}
              autoFocus
              onSelectionChange={(keys) => {
                // Choosing the open one again (which unselects it) just closes the list.
                const [id] = keys === 'all' ? [] : [...keys];
                if (typeof id === 'number' && id !== current.id) snapshots.getState().select(id);
                setOpen(false);
              }}
            >
              {(s) => (
                <ListBoxItem id={s.id} textValue={s.name} className="switcher-option">
                  {({ isSelected }) => (
                    <>
                      <span className="switcher-name">{s.name}</span>
                      <span className="switcher-meta">
                        {platformName(s)} · {s.modelVersion} · {fmtDateTime(s.importedAt)}
                      </span>
                      {isSelected && <Icon name="check" className="switcher-check" />}
                    </>
                  )}
                </ListBoxItem>
              )}
            </ListBox>
            <div className="switcher-footer">
              <button
                type="button"
                className="link"
                onClick={() => {
                  setOpen(false);
                  ui.getState().setView('snapshots');
                }}
              >
                Manage snapshots…
              </button>
            </div>
          </Dialog>
        </Popover>
      </DialogTrigger>
    </div>
  );
}

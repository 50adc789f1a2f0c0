// The app shell: sidebar, scope bar, the current view; global keys, menu commands, drag and drop.
import { useEffect, useRef, useState } from 'react';
import type { MenuCommand } from '../../shared/api';
import { Icon } from '../components/Icon';
import { SeedViewer } from '../components/SeedCitation';
import { VIEW_TITLES, type ViewId } from '../state/ui';
import { ChangesView } from '../views/ChangesView';
import { FindingsView } from '../views/FindingsView';
import { ImportWizard } from '../views/ImportWizard';
import { MatrixView } from '../views/MatrixView';
import { ReportsView } from '../views/ReportsView';
import { ReviewsView } from '../views/ReviewsView';
import { RolesView } from '../views/RolesView';
import { SnapshotsView } from '../views/SnapshotsView';
import { TenantsView } from '../views/TenantsView';
import { UsersView } from '../views/UsersView';
import { WhatIfView } from '../views/WhatIfView';
import { WhoCanView } from '../views/WhoCanView';
import { useSlice, useStores } from './context';
import { Header } from './Header';
import { focusFind } from './hooks';
import { Sidebar } from './Sidebar';

const VIEW_COMPONENTS: Record<ViewId, () => React.JSX.Element> = {
  snapshots: SnapshotsView,
  tenants: TenantsView,
  'who-can': WhoCanView,
  users: UsersView,
  matrix: MatrixView,
  roles: RolesView,
  changes: ChangesView,
  'what-if': WhatIfView,
  findings: FindingsView,
  reviews: ReviewsView,
  reports: ReportsView,
};

export function App() {
  const stores = useStores();
  const { ui, snapshots, wizard, client } = stores;
  const view = useSlice(ui, (s) => s.view);
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  useEffect(() => {
    const run = (command: MenuCommand) => {
      if (command === 'import') wizard.getState().start();
      else if (command === 'find') focusFind();
      else if (command === 'reload') {
        void snapshots.getState().load();
        ui.getState().reload();
      } else if (command === 'export') {
        const exporter = ui.getState().exporter;
        if (exporter) void exporter();
        else
          ui.getState().notify(
            'Nothing to export in this view. Export works in Who can, Users, Access matrix, Changes, What if and Findings.',
          );
      }
    };
    const off = client.onMenuCommand(run);
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f') {
        // Views without a search box leave Ctrl/Cmd+F to the browser's own find.
        if (document.querySelector('.dialog') || !document.querySelector('main [data-find]')) return;
        event.preventDefault();
        run('find');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, [client, snapshots, ui, wizard]);

  const hasFiles = (event: React.DragEvent) => [...event.dataTransfer.types].includes('Files');
  const Current = VIEW_COMPONENTS[view];
  return (
    <div
      className="app"
      onDragEnter={(event) => {
        if (!hasFiles(event)) return;
        dragDepth.current++;
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!hasFiles(event)) return;
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setDragging(false);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(event) => {
        event.preventDefault();
        dragDepth.current = 0;
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length === 0) return;
        const state = wizard.getState();
        if (!state.open || state.step !== 'files') state.start();
        void wizard.getState().drop(files);
      }}
    >
      <Sidebar />
      <div className="main">
        <Header />
        <main className="content" id="main" aria-label={VIEW_TITLES[view]}>
          <Current />
        </main>
      </div>
      <ImportWizard />
      <SeedViewer />
      <NoticeBar />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-card">
            <Icon name="upload" size={28} />
            <strong>Drop CSV files to import them</strong>
            <span>One row per role assignment; every file becomes part of one snapshot.</span>
          </div>
        </div>
      )}
    </div>
  );
}

function NoticeBar() {
  const { ui } = useStores();
  const notice = useSlice(ui, (s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => ui.getState().dismissNotice(), notice.tone === 'error' ? 10_000 : 4_000);
    return () => clearTimeout(timer);
  }, [notice, ui]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <Icon name={notice.tone === 'error' ? 'alert' : notice.tone === 'success' ? 'check' : 'info'} />
      <span>{notice.text}</span>
      <button type="button" className="btn btn-icon btn-ghost" aria-label="Dismiss" onClick={() => ui.getState().dismissNotice()}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}

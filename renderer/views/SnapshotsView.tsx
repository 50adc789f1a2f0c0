// Snapshots: every imported review in the database; open or delete one. On first run, a welcome with
// the bundled sample datasets (one click each) and the CSV import.
import { useEffect, useState } from 'react';
import type { SampleDataset, SnapshotInfo } from '../../shared/api';
import { useSlice, useStores } from '../app/context';
import { useReloadTick } from '../app/hooks';
import { Badge, PageHeader } from '../components/Controls';
import { ConfirmDialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { Empty, ErrorState, Loading, Spinner } from '../components/Status';
import { fmtDate, fmtDay, fmtNumber, fmtTime, plural } from '../lib/format';
import { dataOf } from '../state/resource';
import { encodingLabel } from '../../shared/csv/text';

export function SnapshotsView() {
  const stores = useStores();
  const { snapshots, wizard, ui } = stores;
  const list = useSlice(snapshots, (s) => s.list);
  const platforms = useSlice(snapshots, (s) => dataOf(s.platforms)) ?? [];
  const selectedId = useSlice(snapshots, (s) => s.selectedId);
  const deleting = useSlice(snapshots, (s) => s.deleting);
  const deleteError = useSlice(snapshots, (s) => s.deleteError);
  const [confirm, setConfirm] = useState<SnapshotInfo | null>(null);
  const tick = useReloadTick();

  useEffect(() => {
    if (tick > 0) void snapshots.getState().load();
  }, [tick, snapshots]);

  const platformName = (id: string) => platforms.find((p) => p.id === id)?.name ?? id;
  const open = (s: SnapshotInfo) => {
    snapshots.getState().select(s.id);
    ui.getState().setView('tenants');
  };
  const data = dataOf(list);

  if (list.status === 'error') {
    return (
      <div className="page">
        <PageHeader title="Snapshots" />
        <ErrorState error={list.error} onRetry={() => void snapshots.getState().load()} />
      </div>
    );
  }
  if (!data) {
    return (
      <div className="page">
        <PageHeader title="Snapshots" />
        <Loading label="Loading snapshots…" />
      </div>
    );
  }
  if (data.length === 0) return <Welcome />;

  return (
    <div className="page">
      <PageHeader
        title="Snapshots"
        description="Each import is an immutable snapshot: the tenants, people and role assignments of one export, read against one version of the vendor's role model."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => wizard.getState().start()}>
            <Icon name="upload" /> Import CSV…
          </button>
        }
      />
      {deleteError && <ErrorState compact error={deleteError} title="The snapshot was not deleted" />}
      <div className="table-wrap">
        <table className="table snapshots-table">
          <colgroup>
            <col />
            <col className="w-platform" />
            <col className="w-imported" />
            <col className="w-count" />
            <col className="w-count" />
            <col className="w-count-wide" />
            <col className="w-files" />
            <col className="w-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Platform</th>
              <th scope="col">Imported</th>
              <th scope="col" className="num">
                Users
              </th>
              <th scope="col" className="num">
                Nodes
              </th>
              <th scope="col" className="num">
                Assignments
              </th>
              <th scope="col">Source files</th>
              <th scope="col" className="actions-col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((s) => (
              <tr
                key={s.id}
                className={s.id === selectedId ? 'selected' : undefined}
                aria-current={s.id === selectedId ? 'true' : undefined}
              >
                <td>
                  <div className="cell-title">{s.name}</div>
                  <div className="cell-sub">
                    #{s.id}
                    {s.id === selectedId && (
                      <Badge tone="accent" title="The snapshot the other views answer from">
                        Current
                      </Badge>
                    )}
                  </div>
                </td>
                <td>
                  <div className="cell-title">{platformName(s.platform)}</div>
                  <div className="cell-sub">
                    model <code>{s.modelVersion}</code>
                    {s.asOf && <> · as of {fmtDate(s.asOf)}</>}
                  </div>
                </td>
                <td className="nowrap">
                  <div>{fmtDay(s.importedAt)}</div>
                  <div className="cell-sub">{fmtTime(s.importedAt)}</div>
                </td>
                <td className="num">{fmtNumber(s.userCount)}</td>
                <td className="num">{fmtNumber(s.nodeCount)}</td>
                <td className="num">{fmtNumber(s.assignmentCount)}</td>
                <td>
                  <ul className="file-list">
                    {s.files.map((f) => (
                      <li key={f.name + f.sha256}>
                        <span className="file-name" title={f.name}>
                          {f.name}
                        </span>
                        <span className="cell-sub" title={`SHA-256 ${f.sha256}`}>
                          SHA-256 <code className="sha">{f.sha256.slice(0, 12)}</code>
                        </span>
                        <span className="cell-sub">
                          {plural(f.rows, 'row')} · {encodingLabel(f.encoding)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="actions-col">
                  <div className="row-actions">
                    <button type="button" className="btn btn-small" onClick={() => open(s)} aria-label={`Open ${s.name}`}>
                      Open
                    </button>
                    <button
                      type="button"
                      className="btn btn-icon btn-ghost danger-text"
                      onClick={() => setConfirm(s)}
                      aria-label={`Delete ${s.name}`}
                      title="Delete…"
                      disabled={deleting === s.id}
                    >
                      {deleting === s.id ? <Spinner size={12} /> : <Icon name="trash" size={15} />}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={confirm !== null}
        title="Delete this snapshot?"
        confirmLabel="Delete snapshot"
        danger
        busy={deleting !== null}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const target = confirm;
          setConfirm(null);
          if (target) {
            void snapshots
              .getState()
              .remove(target.id)
              .then((ok) => ok && ui.getState().notify(`Deleted “${target.name}”`, 'success'));
          }
        }}
      >
        {confirm && (
          <p>
            “<strong>{confirm.name}</strong>” and its {plural(confirm.assignmentCount, 'role assignment')} will be removed from this
            database. The CSV files it was imported from are not touched; you can import them again.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function Welcome() {
  const { snapshots, wizard, ui } = useStores();
  const samples = useSlice(snapshots, (s) => s.samples);
  const opening = useSlice(snapshots, (s) => s.opening);
  const openingError = useSlice(snapshots, (s) => s.openingError);

  const openSample = async (sample: SampleDataset) => {
    const snapshot = await snapshots.getState().openSample(sample);
    if (snapshot) ui.getState().setView('tenants');
  };

  return (
    <div className="page welcome">
      <div className="welcome-hero">
        <span className="welcome-mark" aria-hidden="true">
          <Icon name="shield" size={28} />
        </span>
        <h1>Welcome to Permission Auditor</h1>
        <p className="lead">
          Answer “who can do what, where” across your customers’ tenants, with the reason behind every grant, for SOC&nbsp;2 and
          ISO&nbsp;27001 access reviews. Everything stays on this computer.
        </p>
        <div className="welcome-actions">
          <button type="button" className="btn btn-primary btn-large" onClick={() => wizard.getState().start()}>
            <Icon name="upload" /> Import CSV…
          </button>
          <span className="muted">or drop export files anywhere on this window</span>
        </div>
      </div>
      <section aria-labelledby="samples-title" className="samples">
        <h2 id="samples-title" className="section-title">
          Or explore a sample
        </h2>
        {samples.status === 'error' && <ErrorState compact error={samples.error} onRetry={() => void snapshots.getState().load()} />}
        {openingError && <ErrorState compact error={openingError} title="The sample could not be opened" />}
        {samples.status !== 'ready' && samples.status !== 'error' && <Loading label="Loading samples…" />}
        {samples.status === 'ready' && samples.data.length === 0 && (
          <Empty title="No sample datasets" icon="file">
            This installation has no bundled samples. Import one of your own exports instead.
          </Empty>
        )}
        {samples.status === 'ready' && samples.data.length > 0 && (
          <ul className="sample-grid">
            {samples.data.map((sample) => {
              const busy = opening?.sampleId === sample.id;
              const progress = busy ? opening?.progress : null;
              const pct = progress && progress.totalBytes > 0 ? Math.round((100 * progress.bytesRead) / progress.totalBytes) : null;
              return (
                <li key={sample.id} className="card sample-card">
                  <div className="sample-head">
                    <h3>{sample.title}</h3>
                  </div>
                  <p className="sample-desc">{sample.description}</p>
                  <div className="sample-files">
                    {sample.files.map((f) => (
                      <code key={f.path} className="code-chip">
                        {f.name ?? f.path}
                      </code>
                    ))}
                  </div>
                  <div className="sample-foot">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={opening !== null}
                      onClick={() => void openSample(sample)}
                      aria-label={`Open the sample dataset: ${sample.title}`}
                    >
                      {busy ? <Spinner size={14} /> : <Icon name="arrowRight" />}
                      {busy ? (pct !== null ? `Importing… ${pct}%` : 'Importing…') : 'Open the sample dataset'}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

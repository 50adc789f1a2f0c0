// The import wizard, as a dialog: files → platform (built in, or a role model file) → columns (with a
// preview) → import.
import { useId } from 'react';
import type { FilePreview, ImportProgress, PlatformSummary, SnapshotInfo } from '../../shared/api';
import { CANONICAL_FIELDS, requiredFields } from '../../shared/csv/columns';
import { encodingLabel } from '../../shared/csv/text';
import { useSlice, useStores } from '../app/context';
import { Badge, Segmented } from '../components/Controls';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { ModelFileField, ModelFileSummary } from '../components/ModelFile';
import { ErrorState, Loading, ProblemList, Spinner } from '../components/Status';
import { fmtBytes, fmtNumber, plural } from '../lib/format';
import { STEPS, STEP_TITLES, type ModelChoice, type WizardStep } from '../state/import-wizard';
import { dataOf } from '../state/resource';

const NONE: PlatformSummary[] = [];
const NONE_LEVELS: PlatformSummary['levels'] = [];
const MODEL_CHOICES: { value: ModelChoice; label: string }[] = [
  { value: 'built-in', label: 'Built in' },
  { value: 'file', label: 'A model file…' },
];

/** The platform the files are read as: the built-in one chosen, or the one the model file defines. */
function useChosenPlatform(): PlatformSummary | undefined {
  const { wizard, snapshots } = useStores();
  const platformId = useSlice(wizard, (s) => s.platform);
  const fromFile = useSlice(wizard, (s) => (s.modelChoice === 'file' ? dataOf(s.modelFile.model)?.platform : undefined));
  const builtIn = useSlice(snapshots, (s) => dataOf(s.platforms)?.find((p) => p.id === platformId));
  return fromFile ?? builtIn;
}

export function ImportWizard() {
  const { wizard } = useStores();
  const open = useSlice(wizard, (s) => s.open);
  const step = useSlice(wizard, (s) => s.step);
  const result = useSlice(wizard, (s) => s.result);
  const blocker = useSlice(wizard, (s) => s.blocker());
  const cancelling = useSlice(wizard, (s) => s.cancelling);
  const running = result.status === 'loading';
  const done = step === 'import' && result.status === 'ready';
  const failed = step === 'import' && result.status === 'error';
  const duplicate = failed && result.error.kind === 'duplicate';
  const importing = step === 'import' && running;

  return (
    <Dialog
      open={open}
      size="lg"
      title="Import CSV exports"
      onClose={() => wizard.getState().close()}
      footer={
        <>
          <span className="dialog-footer-hint">{!done && !failed && step !== 'import' ? blocker : null}</span>
          {step !== 'files' && !done && (
            <button type="button" className="btn" onClick={() => wizard.getState().back()} disabled={running}>
              Back
            </button>
          )}
          {!done && !importing && (
            <button type="button" className="btn btn-ghost" onClick={() => wizard.getState().close()} disabled={running}>
              Cancel
            </button>
          )}
          {importing && (
            <button type="button" className="btn btn-danger" onClick={() => void wizard.getState().cancel()} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel import'}
            </button>
          )}
          {step !== 'import' && (
            <button type="button" className="btn btn-primary" onClick={() => void wizard.getState().next()} disabled={blocker !== null}>
              {step === 'mapping' ? 'Import' : 'Next'}
              <Icon name="arrowRight" />
            </button>
          )}
          {failed && !duplicate && (
            <button type="button" className="btn btn-primary" onClick={() => void wizard.getState().run()}>
              <Icon name="refresh" /> Try again
            </button>
          )}
          {duplicate && (
            <button type="button" className="btn btn-primary" onClick={() => void wizard.getState().run({ allowDuplicate: true })}>
              Import anyway
            </button>
          )}
          {done && <OpenSnapshotButton snapshot={result.data} />}
        </>
      }
    >
      <Stepper step={step} />
      {step === 'files' && <FilesStep />}
      {step === 'details' && <DetailsStep />}
      {step === 'mapping' && <MappingStep />}
      {step === 'import' && <ImportStep />}
    </Dialog>
  );
}

function OpenSnapshotButton({ snapshot }: { snapshot: SnapshotInfo }) {
  const { wizard, snapshots, ui } = useStores();
  return (
    <button
      type="button"
      className="btn btn-primary"
      autoFocus
      onClick={() => {
        snapshots.getState().select(snapshot.id);
        wizard.getState().close();
        ui.getState().setView('tenants');
      }}
    >
      Open snapshot <Icon name="arrowRight" />
    </button>
  );
}

function Stepper({ step }: { step: WizardStep }) {
  const at = STEPS.indexOf(step);
  return (
    <ol className="stepper" aria-label="Import steps">
      {STEPS.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
          <span className="step-dot">{i < at ? <Icon name="check" size={12} /> : i + 1}</span>
          <span className="step-label">{STEP_TITLES[s]}</span>
        </li>
      ))}
    </ol>
  );
}

function FilesStep() {
  const { wizard, client } = useStores();
  const files = useSlice(wizard, (s) => s.files);
  const adding = useSlice(wizard, (s) => s.adding);
  const addError = useSlice(wizard, (s) => s.addError);
  return (
    <div className="wizard-step">
      <p className="step-intro">
        Choose the CSV exports to import. One row per role assignment: <code>email, name, role</code>, one column per scope level, then
        optional <code>status, last_login, mfa</code>. Several files become one snapshot.
      </p>
      <div className="dropzone">
        <Icon name="upload" size={24} />
        <div>
          <strong>Drop CSV files here</strong>
          <span className="muted"> or </span>
          <button type="button" className="btn btn-small" onClick={() => void wizard.getState().pick()} disabled={adding}>
            {adding ? <Spinner size={12} /> : <Icon name="file" size={14} />} Choose files…
          </button>
        </div>
        <span className="muted small">
          {client.mode === 'browser'
            ? 'Files are copied to the local host that serves this page; nothing leaves this computer.'
            : 'Files are read where they are.'}
        </span>
      </div>
      {addError && <ErrorState compact error={addError} title="The files could not be added" />}
      {files.length > 0 && (
        <ul className="chosen-files" aria-label="Chosen files">
          {files.map((f, i) => (
            <li key={f.path}>
              <Icon name="file" />
              <span className="file-name">{f.name ?? f.path}</span>
              <button
                type="button"
                className="btn btn-icon btn-ghost"
                aria-label={`Remove ${f.name ?? f.path}`}
                onClick={() => wizard.getState().removeFile(i)}
              >
                <Icon name="x" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DetailsStep() {
  const { wizard, snapshots } = useStores();
  const platforms = useSlice(snapshots, (s) => dataOf(s.platforms)) ?? NONE;
  const platform = useSlice(wizard, (s) => s.platform);
  const modelChoice = useSlice(wizard, (s) => s.modelChoice);
  const asOf = useSlice(wizard, (s) => s.asOf);
  const name = useSlice(wizard, (s) => s.name);
  const dateFormat = useSlice(wizard, (s) => s.dateFormat);
  const ids = { platform: useId(), asOf: useId(), name: useId(), dateFormat: useId() };
  const chosen = useChosenPlatform();
  const version = chosen ? versionFor(chosen, asOf) : null;
  return (
    <div className="wizard-step form-grid">
      <div className="field field-wide">
        <span className="label">Role model</span>
        <Segmented label="Role model" value={modelChoice} options={MODEL_CHOICES} onChange={(c) => wizard.getState().setModelChoice(c)} />
        <p className="field-hint">
          {modelChoice === 'file'
            ? 'A role model file of your own (JSON): a platform the app does not know, or your changes to a built-in one. The snapshot keeps the file, so its answers never change.'
            : "The vendor's roles as the app knows them from their documentation."}
        </p>
      </div>
      {modelChoice === 'file' ? (
        <ModelFileChoice />
      ) : (
        <div className="field">
          <label htmlFor={ids.platform}>Platform</label>
          <select id={ids.platform} className="select" value={platform} onChange={(e) => wizard.getState().setPlatform(e.target.value)}>
            {platform === '' && <option value="">Choose a platform…</option>}
            {platforms.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {chosen && <p className="field-hint">Scope levels: {chosen.levels.map((l) => l.name).join(' › ')}</p>}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.asOf}>
          As of <span className="optional">optional</span>
        </label>
        <input id={ids.asOf} className="input" type="date" value={asOf} onChange={(e) => wizard.getState().setAsOf(e.target.value)} />
        <p className="field-hint">
          {version ? (
            <>
              Reads the files against model version <code>{version.id}</code>
              {version.note ? <> — {version.note}</> : null}
            </>
          ) : (
            'The date the export was taken; it picks the role model in force then. Empty: the current model.'
          )}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.name}>
          Name <span className="optional">optional</span>
        </label>
        <input
          id={ids.name}
          className="input"
          value={name}
          maxLength={200}
          placeholder="e.g. Q3 access review"
          onChange={(e) => wizard.getState().setName(e.target.value)}
        />
        <p className="field-hint">Empty: named after the files.</p>
      </div>
      <div className="field">
        <label htmlFor={ids.dateFormat}>
          Slash dates <span className="optional">optional</span>
        </label>
        <select
          id={ids.dateFormat}
          className="select"
          value={dateFormat}
          onChange={(e) => wizard.getState().setDateFormat(e.target.value as '' | 'dmy' | 'mdy' | 'ymd')}
        >
          <option value="">Only when unambiguous</option>
          <option value="dmy">Day first (25/03/2024)</option>
          <option value="mdy">Month first (03/25/2024)</option>
          <option value="ymd">Year first (2024/03/25)</option>
        </select>
        <p className="field-hint">How a last login such as 03/04/2024 is read.</p>
      </div>
    </div>
  );
}

/** The model file: a button to pick it, then what it defines (or every problem in it, which blocks the import). */
function ModelFileChoice() {
  const { wizard } = useStores();
  const pick = useSlice(wizard, (s) => s.modelFile);
  const asOf = useSlice(wizard, (s) => s.asOf);
  return (
    <div className="field field-wide">
      <span className="label">Model file</span>
      <ModelFileField
        pick={pick}
        onPick={() => void wizard.getState().pickModel()}
        summary={(model) => (
          <ModelFileSummary model={model} version={versionFor(model.platform, asOf)?.id}>
            <div>
              <dt>Scope levels</dt>
              <dd>{model.platform.levels.map((l) => l.name).join(' › ')}</dd>
            </div>
          </ModelFileSummary>
        )}
      />
    </div>
  );
}

function versionFor(platform: PlatformSummary, asOf: string) {
  if (platform.versions.length === 0) return null;
  if (!asOf) return platform.versions[platform.versions.length - 1];
  let found = platform.versions[0];
  for (const v of platform.versions) if (v.effectiveFrom === null || v.effectiveFrom <= asOf) found = v;
  return found;
}

function MappingStep() {
  const { wizard } = useStores();
  const preview = useSlice(wizard, (s) => s.preview);
  const platform = useChosenPlatform();
  const previews = dataOf(preview);
  if (preview.status === 'error') return <ErrorState error={preview.error} onRetry={() => void wizard.getState().refreshPreview()} />;
  if (!previews) return <Loading label="Reading the files…" />;
  const problems = previews.reduce((n, p) => n + p.problems.length, 0);
  return (
    <div className="wizard-step">
      <p className="step-intro">
        Check how each column was recognised. A choice you make here applies to every file.
        {preview.status === 'loading' && (
          <span className="inline-status">
            <Spinner size={12} /> Checking…
          </span>
        )}
      </p>
      {problems > 0 && (
        <p className="callout callout-warning">
          <Icon name="alert" /> {plural(problems, 'problem')} with the columns. Map each missing column below; for a scope level the files
          do not have, type the one value every row shares (the account an organization's export belongs to). Or import anyway to see every
          problem.
        </p>
      )}
      {previews.map((file) => (
        <FileMapping
          key={file.name}
          file={file}
          fields={platform ? CANONICAL_FIELDS(platform.levels) : Object.keys(file.mapping)}
          required={platform ? requiredFields(platform.levels) : []}
        />
      ))}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  name: 'Name',
  role: 'Role',
  status: 'Status',
  last_login: 'Last login',
  mfa: 'MFA',
};

function FileMapping({ file, fields, required }: { file: FilePreview; fields: string[]; required: string[] }) {
  const { wizard } = useStores();
  const levels = useChosenPlatform()?.levels ?? NONE_LEVELS;
  const explicit = useSlice(wizard, (s) => s.mapping);
  const values = useSlice(wizard, (s) => s.set);
  const labelOf = (field: string) => FIELD_LABELS[field] ?? levels.find((l) => l.id === field)?.name ?? field;
  const baseId = useId();
  const delimiter = file.delimiter === '\t' ? 'tab' : `“${file.delimiter}”`;
  return (
    <section className="card file-mapping" aria-label={`Columns of ${file.name}`}>
      <header className="file-mapping-head">
        <Icon name="file" />
        <h3>{file.name}</h3>
        <span className="muted small">
          {plural(file.headers.length, 'column')} · delimiter {delimiter} · {encodingLabel(file.encoding)}
        </span>
      </header>
      <div className="mapping-grid">
        {fields.map((field) => {
          const id = `${baseId}-${field}`;
          const mapped = file.mapping[field] ?? '';
          const missing = required.includes(field) && !mapped && values[field] === undefined;
          return (
            <div key={field} className={missing ? 'mapping-row missing' : 'mapping-row'}>
              <label htmlFor={id} title={`Canonical column “${field}”`}>
                {labelOf(field)}
                {required.includes(field) && (
                  <span className="required" aria-label="required">
                    *
                  </span>
                )}
              </label>
              <select
                id={id}
                className="select select-small"
                value={mapped}
                data-field={field}
                onChange={(e) => void wizard.getState().setMapping(field, e.target.value)}
              >
                <option value="">— not mapped —</option>
                {file.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
              <span className="mapping-how">
                {values[field] !== undefined ? (
                  <Badge tone="accent">every row</Badge>
                ) : explicit[field] !== undefined ? (
                  <Badge tone="accent">chosen</Badge>
                ) : mapped ? (
                  <Badge>detected</Badge>
                ) : null}
              </span>
              {levels.some((l) => l.id === field) && (!mapped || values[field] !== undefined) && (
                <div className="mapping-value">
                  <span className="muted small" aria-hidden="true">
                    or one {labelOf(field).toLowerCase()} for every row
                  </span>
                  <input
                    className="input"
                    aria-label={`${labelOf(field)} for every row`}
                    placeholder={`e.g. the ${labelOf(field).toLowerCase()} this export is of`}
                    defaultValue={values[field] ?? ''}
                    maxLength={512}
                    onBlur={(e) => {
                      if (e.target.value !== (values[field] ?? '')) void wizard.getState().setValue(field, e.target.value);
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') void wizard.getState().setValue(field, (e.target as HTMLInputElement).value);
                    }}
                  />
                </div>
              )}
            </div>
          );
        })}
      </div>
      {file.problems.length > 0 && (
        <ul className="preview-problems" aria-label={`Problems in ${file.name}`}>
          {file.problems.map((p, i) => (
            <li key={i}>
              <Icon name="alert" size={14} /> {p}
            </li>
          ))}
        </ul>
      )}
      {file.firstRows.length > 0 && (
        <div className="preview-table-wrap">
          <table className="table table-compact preview-table">
            <caption className="visually-hidden">First rows of {file.name}</caption>
            <thead>
              <tr>
                {file.headers.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {file.firstRows.map((row, r) => (
                <tr key={r}>
                  {file.headers.map((_, c) => (
                    <td key={c}>{row[c] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ImportStep() {
  const { wizard } = useStores();
  const files = useSlice(wizard, (s) => s.files);
  const progress = useSlice(wizard, (s) => s.progress);
  const result = useSlice(wizard, (s) => s.result);
  if (result.status === 'error') {
    const { error } = result;
    const duplicate = error.kind === 'duplicate';
    if (error.kind === 'cancelled') {
      return (
        <div className="wizard-step">
          <div className="callout callout-warning" role="alert">
            <Icon name="alert" />
            <div>
              <strong>The import was cancelled; nothing was written.</strong>
              <p>The database is as it was. Go back to change the files or the columns, or try again.</p>
            </div>
          </div>
        </div>
      );
    }
    return (
      <div className="wizard-step">
        <div className={`callout ${duplicate ? 'callout-warning' : 'callout-danger'}`} role="alert">
          <Icon name="alert" />
          <div>
            <strong>{duplicate ? 'These files were imported before.' : 'The import failed; nothing was written.'}</strong>
            <p>
              {duplicate
                ? `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}. Choose “Import anyway” to make a second snapshot of them.`
                : error.problems.length > 0
                  ? `Fix ${error.problems.length === 1 ? 'this problem' : `these ${fmtNumber(error.problems.length)} problems`} in the files, then import them again.`
                  : error.message}
            </p>
          </div>
        </div>
        <ProblemList problems={error.problems} limit={500} />
      </div>
    );
  }
  if (result.status === 'ready') return <ImportSummary snapshot={result.data} />;
  return (
    <div className="wizard-step">
      <p className="step-intro" role="status">
        <Spinner size={14} /> Importing — every row is checked; the snapshot is written only if all of them are valid.
      </p>
      <ul className="progress-list">
        {files.map((f) => {
          const name = f.name ?? f.path;
          return <FileProgress key={f.path} name={name} progress={progress[name] ?? progress[f.path]} />;
        })}
      </ul>
    </div>
  );
}

function FileProgress({ name, progress }: { name: string; progress?: ImportProgress }) {
  const pct = progress && progress.totalBytes > 0 ? Math.min(100, (100 * progress.bytesRead) / progress.totalBytes) : 0;
  return (
    <li className="progress-item">
      <div className="progress-head">
        <span className="file-name">{name}</span>
        <span className="muted small">
          {!progress
            ? 'Waiting…'
            : progress.waiting
              ? `${progress.waiting[0].toUpperCase()}${progress.waiting.slice(1)}…`
              : `${fmtBytes(progress.bytesRead)} of ${fmtBytes(progress.totalBytes)} · ${plural(progress.rows, 'row')}`}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Reading ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
      >
        <div className="progress-bar" style={{ width: `${pct}%` }} />
      </div>
    </li>
  );
}

function ImportSummary({ snapshot }: { snapshot: SnapshotInfo }) {
  return (
    <div className="wizard-step">
      <div className="callout callout-success" role="status">
        <Icon name="check" />
        <div>
          <strong>Imported “{snapshot.name}”</strong>
          <p>
            Read against model version <code>{snapshot.modelVersion}</code>.
          </p>
        </div>
      </div>
      <dl className="stats">
        <div>
          <dt>Users</dt>
          <dd>{fmtNumber(snapshot.userCount)}</dd>
        </div>
        <div>
          <dt>Tenant nodes</dt>
          <dd>{fmtNumber(snapshot.nodeCount)}</dd>
        </div>
        <div>
          <dt>Role assignments</dt>
          <dd>{fmtNumber(snapshot.assignmentCount)}</dd>
        </div>
        <div>
          <dt>Files</dt>
          <dd>{fmtNumber(snapshot.files.length)}</dd>
        </div>
      </dl>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Encoding</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.files.map((f) => (
            <tr key={f.name + f.sha256}>
              <td>{f.name}</td>
              <td className="num">{fmtNumber(f.rows)}</td>
              <td className="num">{fmtBytes(f.size)}</td>
              <td>{encodingLabel(f.encoding)}</td>
              <td>
                <code className="sha">{f.sha256.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

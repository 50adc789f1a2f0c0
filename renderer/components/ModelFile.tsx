// A role model file the user picks (see state/model-file.ts): the button, the file's name, then what
// it defines, or every problem in it by FILE:LINE. The import wizard and Changes' model comparison show it.
import type { ReactNode } from 'react';
import type { ModelInfo } from '../../shared/api';
import { fmtNumber, plural } from '../lib/format';
import type { ModelFilePick } from '../state/model-file';
import { Icon } from './Icon';
import { ProblemList, Spinner } from './Status';

export function ModelFileField({
  pick,
  onPick,
  summary = (model) => <ModelFileSummary model={model} />,
}: {
  pick: ModelFilePick;
  onPick(): void;
  /** What the file defines, once read. */
  summary?: (model: ModelInfo) => ReactNode;
}) {
  const { file, model, picking } = pick;
  const reading = picking || model.status === 'loading';
  return (
    <>
      <div className="model-file-pick">
        <button type="button" className="btn btn-small" onClick={onPick} disabled={reading}>
          {reading ? <Spinner size={12} /> : <Icon name="file" size={14} />} {file ? 'Choose another model file…' : 'Choose model file…'}
        </button>
        {file && <span className="file-name">{file.name ?? file.path}</span>}
      </div>
      {model.status === 'ready' && summary(model.data)}
      {model.status === 'error' && (
        <div className="callout callout-danger model-file-problems" role="alert">
          <Icon name="alert" />
          <div>
            <strong>This model file cannot be used.</strong>
            <p>
              {model.error.problems.length > 0
                ? `Fix ${model.error.problems.length === 1 ? 'this problem' : `these ${fmtNumber(model.error.problems.length)} problems`} in the file, then choose it again.`
                : model.error.message}
            </p>
            <ProblemList problems={model.error.problems} />
          </div>
        </div>
      )}
    </>
  );
}

/** The model file's platform, version (default: its newest) and SHA-256 (short; whole on hover), and any more rows given. */
export function ModelFileSummary({ model, version, children }: { model: ModelInfo; version?: string; children?: ReactNode }) {
  const sha256 = model.origin.sha256 ?? '';
  return (
    <dl className="stats stats-small" aria-label="The model file">
      <div>
        <dt>Platform</dt>
        <dd>{model.platform.name}</dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd>
          <code>{version ?? model.version.id}</code>
          {model.platform.versions.length > 1 && (
            <span className="muted small"> of {plural(model.platform.versions.length, 'version')}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>SHA-256</dt>
        <dd>
          <code className="sha" title={sha256}>
            {sha256.slice(0, 12)}…
          </code>
        </dd>
      </div>
      {children}
    </dl>
  );
}

// Loading, empty and error states, the same in every view.
import type { ReactNode } from 'react';
import { formatProblem } from '../../shared/errors';
import type { ApiError } from '../api/bridge';
import { Icon, type IconName } from './Icon';

export function Spinner({ size = 16 }: { size?: number }) {
  return <span className="spinner" style={{ width: size, height: size }} aria-hidden="true" />;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <Spinner size={20} />
      <span>{label}</span>
    </div>
  );
}

export function Empty({
  icon = 'info',
  title,
  children,
  actions,
}: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="state state-empty">
      <div className="state-icon">
        <Icon name={icon} size={22} />
      </div>
      <h2 className="state-title">{title}</h2>
      {children && <div className="state-text">{children}</div>}
      {actions && <div className="state-actions">{actions}</div>}
    </div>
  );
}

const KIND_TITLE: Record<ApiError['kind'], string> = {
  usage: 'The request was refused',
  input: 'This cannot be answered',
  'not-found': 'Not found',
  incompatible: 'Incompatible database',
  duplicate: 'Already imported',
  busy: 'The database is busy',
  cancelled: 'Import cancelled',
  internal: 'Something went wrong',
  network: 'Cannot reach the host',
};

export function ProblemList({ problems, limit = 200 }: { problems: ApiError['problems']; limit?: number }) {
  if (problems.length === 0) return null;
  return (
    <div className="problems">
      <ol className="problem-list" aria-label="Problems">
        {problems.slice(0, limit).map((p, i) => (
          <li key={i}>
            <code>{formatProblem(p)}</code>
          </li>
        ))}
      </ol>
      {problems.length > limit && <p className="muted">…and {problems.length - limit} more.</p>}
    </div>
  );
}

export function ErrorState({
  error,
  onRetry,
  title,
  compact,
}: {
  error: ApiError;
  onRetry?: () => void;
  title?: string;
  compact?: boolean;
}) {
  return (
    <div className={compact ? 'state state-error compact' : 'state state-error'} role="alert">
      <div className="state-icon danger">
        <Icon name="alert" size={22} />
      </div>
      <h2 className="state-title">{title ?? KIND_TITLE[error.kind]}</h2>
      <p className="state-text error-message">{error.message}</p>
      <ProblemList problems={error.problems} />
      {onRetry && (
        <div className="state-actions">
          <button type="button" className="btn" onClick={onRetry}>
            <Icon name="refresh" /> Retry
          </button>
        </div>
      )}
    </div>
  );
}

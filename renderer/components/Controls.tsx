// Small controls shared by the views: a segmented choice, badges, channel badges, a page header.
import type { KeyboardEventHandler, ReactNode } from 'react';
import { Radio, RadioGroup } from 'react-aria-components';
import { Icon } from './Icon';
import type { Channel } from '../../shared/api';
import { personFlags } from '../../shared/people';
import { WorkProgress } from './Progress';

/** One choice of a few, shown side by side: a radio group (arrow keys move and choose, as radios do). */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  label: string;
}) {
  return (
    <RadioGroup className="segmented" aria-label={label} orientation="horizontal" value={value} onChange={(v) => onChange(v as T)}>
      {options.map((option) => (
        <Radio key={option.value} value={option.value} className="segment">
          {option.label}
        </Radio>
      ))}
    </RadioGroup>
  );
}

export type ChannelChoice = 'any' | Channel;
export const CHANNEL_OPTIONS: { value: ChannelChoice; label: string }[] = [
  { value: 'any', label: 'Any channel' },
  { value: 'ui', label: 'UI' },
  { value: 'api', label: 'API' },
];

export const toChannel = (choice: ChannelChoice): Channel | null => (choice === 'any' ? null : choice);
export const fromChannel = (channel: Channel | null): ChannelChoice => channel ?? 'any';

export function Badge({
  children,
  tone = 'neutral',
  title,
}: {
  children: ReactNode;
  tone?: 'neutral' | 'accent' | 'success' | 'danger' | 'warning' | 'ui' | 'api';
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** UI / API badges; both channels read as one "UI + API" badge. */
export function ChannelBadges({ channels }: { channels: Channel[] }) {
  if (channels.length === 0) return <span className="muted">—</span>;
  if (channels.includes('ui') && channels.includes('api')) {
    return (
      <Badge tone="success" title="In the web console and through the API">
        UI + API
      </Badge>
    );
  }
  return (
    <Badge tone={channels[0]} title={channels[0] === 'ui' ? 'Only in the web console' : 'Only through the API'}>
      {channels[0] === 'ui' ? 'UI only' : 'API only'}
    </Badge>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div className="page-heading">
        <h1>{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export function UserStatus({ status, mfa }: { status?: string; mfa?: string }) {
  return (
    <>
      {personFlags({ status, mfa }).map((flag) => (
        <Badge
          key={flag.kind}
          tone={flag.tone}
          title={flag.kind === 'mfa' ? 'The export says MFA is not enabled' : `The export says the account is ${flag.text}`}
        >
          {flag.kind === 'mfa' ? 'No MFA' : flag.text}
        </Badge>
      ))}
    </>
  );
}

/** A view's search box; Ctrl/Cmd+F (and the Find menu command) focuses it through `data-find`. */
export function SearchField({
  label,
  placeholder = label,
  value,
  onChange,
  onKeyDown,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onChange(value: string): void;
  onKeyDown?: KeyboardEventHandler<HTMLInputElement>;
}) {
  return (
    <div className="search-field">
      <Icon name="search" className="search-icon" />
      <input
        className="input"
        type="search"
        placeholder={placeholder}
        aria-label={label}
        data-find=""
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}

/** How far an export has got, with its Cancel button (shown in place of the export buttons while it runs). */
export function ExportProgressBar({
  running,
  onCancel,
}: {
  running: { format: string; rows: number; total: number };
  onCancel: () => void;
}) {
  return (
    <WorkProgress
      label="Export"
      doing={`Exporting ${running.format.toUpperCase()}…`}
      done={running.rows}
      total={running.total}
      unit="rows"
      cancelLabel="Cancel export"
      onCancel={onCancel}
    />
  );
}

/**
 * A view's two exports: the CSV (plain data for a spreadsheet; what the menu's Export saves) and the
 * JSON (the same answer with its provenance: snapshot, source files' SHA-256, question, time).
 */
export function ExportButtons({
  onExport,
  disabled,
  small,
}: {
  onExport: (format: 'csv' | 'json') => void;
  disabled?: boolean;
  small?: boolean;
}) {
  const cls = small ? 'btn btn-small' : 'btn';
  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <button
        type="button"
        className={cls}
        onClick={() => onExport('csv')}
        disabled={disabled}
        title="The answer as plain data for a spreadsheet"
      >
        <Icon name="download" /> Export CSV
      </button>
      <button
        type="button"
        className={cls}
        onClick={() => onExport('json')}
        disabled={disabled}
        title="The answer with its provenance: snapshot, source files and their SHA-256, the question, the time"
      >
        <Icon name="download" /> Export JSON
      </button>
    </div>
  );
}

// How numbers, dates and paths read in the UI.
import { splitPath, joinPath } from '../../shared/paths';

const numberFormat = new Intl.NumberFormat('en-US');
export const fmtNumber = (n: number) => numberFormat.format(n);

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtNumber(n)} ${n === 1 ? one : many}`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function fmtDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** The local day of a timestamp. */
export function fmtDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dayOnly.format(d);
}

export function fmtTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeOnly.format(d);
}

/** A YYYY-MM-DD date (no time zone shift). */
export function fmtDate(ymd: string | null | undefined): string {
  if (!ymd) return '—';
  const d = new Date(`${ymd.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? ymd : dateOnly.format(d);
}

/**
 * A last login as stored: `never` when the file said so, a date or a UTC date-time, and "unknown"
 * when the file did not say (never "Never" for a missing value).
 */
export function fmtLastLogin(value: string | null | undefined): string {
  if (value === undefined || value === null || value === '') return 'unknown';
  if (value === 'never') return 'Never';
  return value.length > 10 ? fmtDateTime(value) : fmtDate(value);
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** "A/B/C" → ancestors' paths with names: [{name: A, path: A}, {name: B, path: A/B}, …]. */
export function pathCrumbs(path: string): { name: string; path: string }[] {
  const names = splitPath(path);
  return names.map((name, i) => ({ name, path: joinPath(names.slice(0, i + 1)) }));
}

export const lastName = (path: string) => splitPath(path).at(-1) ?? path;

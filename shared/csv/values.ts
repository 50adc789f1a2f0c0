// The values a CSV cell may hold, in ONE place: what each optional field accepts, the canonical value
// stored for it, and what every stored text cell must not contain. README's "CSV format" and
// docs/cli.md list the same forms; change them together.
//
// Each parser returns the canonical value, or a message saying what was wrong (without the file,
// line and column, which the caller adds). They run once per row of a million-row import, so each
// has a fast path for a value that is already canonical and a small cache for the rest.

import { SEPARATORS_AND_BIDI } from '../text/visible';

/** Canonical account states. */
export type Status = 'active' | 'suspended' | 'invited';
/** Canonical MFA states. */
export type Mfa = 'enabled' | 'disabled';
/** How a slash date (`03/04/2024`) is read: day first, month first, or year first. */
export type DateFormat = 'dmy' | 'mdy' | 'ymd';
export const DATE_FORMATS: readonly DateFormat[] = ['dmy', 'mdy', 'ymd'];

/** The longest email address accepted (RFC 5321's path limit less the brackets). */
export const MAX_EMAIL_LENGTH = 254;
/** The longest any other stored cell (name, role, scope name, status, last login, MFA) may be. */
export const MAX_CELL_LENGTH = 512;

/** Accepted status texts (any case, surrounding spaces ignored) → canonical status. */
export const STATUS_ALIASES: Readonly<Record<string, Status>> = {
  active: 'active',
  enabled: 'active',
  suspended: 'suspended',
  disabled: 'suspended',
  locked: 'suspended',
  deactivated: 'suspended',
  inactive: 'suspended',
  invited: 'invited',
  pending: 'invited',
};

/** Accepted MFA texts (any case) → canonical MFA state. */
export const MFA_ALIASES: Readonly<Record<string, Mfa>> = {
  true: 'enabled',
  yes: 'enabled',
  enabled: 'enabled',
  on: 'enabled',
  '1': 'enabled',
  false: 'disabled',
  no: 'disabled',
  disabled: 'disabled',
  off: 'disabled',
  '0': 'disabled',
};

/** Texts meaning the person never signed in (any case); stored as `never`. */
export const NEVER_TEXTS: readonly string[] = ['never', 'never logged in'];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

const list = (values: readonly string[]) => values.join(', ');

/**
 * A value from the file inside a message: quoted, with line breaks and tabs written as \r, \n and \t
 * (a problem is one line), and cut short when very long. The one helper for it: rows.ts and
 * columns.ts use it too.
 */
/** The end of the problem for a slash date that reads two ways; the CLI adds its flag (`--date-format`). */
export const AMBIGUOUS_DATE_ADVICE = 'say which order the export writes slash dates in (day first or month first)';

export function quote(value: string): string {
  const text = value.length > 80 ? `${value.slice(0, 77)}…` : value;
  const shown = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  // Any other space but the plain one, control and invisible format characters (bidirectional ones
  // included) as \uXXXX: a no-break space that makes an email malformed must show in the message, and
  // a U+202E must not turn the message around.
  return `"${INVISIBLE.test(shown) ? shown.replace(INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`) : shown}"`;
}
const INVISIBLE = /[^\S ]|\p{Cc}|\p{Cf}/u;
const INVISIBLE_ALL = /[^\S ]|\p{Cc}|\p{Cf}/gu;

/**
 * A cell without the plain spaces and tabs around it; every other character, a no-break space or
 * U+FEFF included, is part of the value (and then kept, or refused, never silently dropped).
 */
export function trimCell(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isPlainSpace(value.charCodeAt(start))) start++;
  while (end > start && isPlainSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
const isPlainSpace = (code: number) => code === 32 || code === 9;

const STATUS_BY_TEXT = new Map(Object.entries(STATUS_ALIASES));
const MFA_BY_TEXT = new Map(Object.entries(MFA_ALIASES));

export function parseStatus(text: string): Parsed<Status> {
  const status = STATUS_BY_TEXT.get(text) ?? STATUS_BY_TEXT.get(text.toLowerCase());
  if (status !== undefined) return ok(status);
  return bad(`is ${quote(text)}, not a known status (accepted: ${list(Object.keys(STATUS_ALIASES))})`);
}

export function parseMfa(text: string): Parsed<Mfa> {
  const mfa = MFA_BY_TEXT.get(text) ?? MFA_BY_TEXT.get(text.toLowerCase());
  if (mfa !== undefined) return ok(mfa);
  return bad(`is ${quote(text)}, not a known MFA state (accepted: ${list(Object.keys(MFA_ALIASES))})`);
}

// Dates ------------------------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  let at = MONTHS.indexOf(w);
  if (at === -1) at = MONTH_NAMES.indexOf(w);
  if (at === -1 && w === 'sept') at = 8;
  return at + 1;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether year-month-day names a day of the calendar (no 30 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A strict `YYYY-MM-DD` that is a real day (`2022-02-30` is not). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

interface Parts {
  year: number;
  month: number;
  day: number;
  time?: string;
}

// The time after a date: `HH:MM[:SS[.fff]]`, an optional AM/PM, an optional zone (Z, UTC, GMT, ±HH[:]MM).
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The canonical form of a date and an optional time (UTC): `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`. */
function canonical(parts: Parts, original: string): Parsed<string> {
  const { year, month, day } = parts;
  if (!isCalendarDate(year, month, day)) return bad(`is ${quote(original)}, which is not a date of the calendar`);
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (parts.time === undefined) return ok(date);
  const t = TIME.exec(parts.time);
  if (!t) return bad(`is ${quote(original)}: the time must be HH:MM or HH:MM:SS, with an optional zone (Z, UTC or ±HH:MM)`);
  let hour = Number(t[1]);
  const minute = Number(t[2]);
  const second = t[3] === undefined ? 0 : Number(t[3]);
  const meridiem = t[4]?.toLowerCase().replace(/\./g, '');
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return bad(`is ${quote(original)}: a 12-hour time runs from 1 to 12`);
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return bad(`is ${quote(original)}, which is not a time of day`);
  let offset = 0;
  const zone = t[5];
  if (zone !== undefined && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    const h = Number(digits.slice(0, 2));
    const m = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (h > 23 || m > 59) return bad(`is ${quote(original)}: the zone offset ${zone} is not one`);
    offset = (zone[0] === '-' ? -1 : 1) * (h * 60 + m);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  const utc = new Date(ms);
  if (Number.isNaN(ms) || utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return bad(`is ${quote(original)}, out of range`);
  return ok(`${utc.toISOString().slice(0, 19)}Z`);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](.+))?$/i;
// `4 Mar 2024`, `4 Mar, 2024`, `04-Mar-2024`: the month between spaces or hyphens, a comma allowed before the year.
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]{3,9}\.?)[ ,-]\s*(\d{4})(?:,?\s+(.+))?$/i;
const MONTH_DAY_YEAR = /^([a-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(.+))?$/i;
const SLASH = /^(\d{1,4})\/(\d{1,2})\/(\d{1,4})(?:,?\s+(.+))?$/;

/** Reads a last-login cell; `dateFormat` says how to read slash dates whose order is not evident. */
export function parseLastLogin(text: string, dateFormat?: DateFormat): Parsed<string> {
  if (text.length === 10 && isIsoDate(text)) return ok(text);
  const lower = text.toLowerCase();
  if (NEVER_TEXTS.includes(lower.replace(/\s+/g, ' '))) return ok('never');
  let m = ISO.exec(text);
  if (m) return canonical({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), time: m[4] }, text);
  m = DAY_MONTH_YEAR.exec(text);
  if (m && monthNumber(m[2]) > 0) return canonical({ year: Number(m[3]), month: monthNumber(m[2]), day: Number(m[1]), time: m[4] }, text);
  m = MONTH_DAY_YEAR.exec(text);
  if (m && monthNumber(m[1]) > 0) return canonical({ year: Number(m[3]), month: monthNumber(m[1]), day: Number(m[2]), time: m[4] }, text);
  m = SLASH.exec(text);
  if (m) {
    const [a, b, c] = [m[1], m[2], m[3]];
    const time = m[4];
    if (a.length === 4) {
      if (dateFormat !== undefined && dateFormat !== 'ymd') return bad(`is ${quote(text)}, not a ${dateFormat} date`);
      return canonical({ year: Number(a), month: Number(b), day: Number(c), time }, text);
    }
    if (c.length !== 4) return bad(`is ${quote(text)}: a slash date needs a four-digit year`);
    const x = Number(a);
    const y = Number(b);
    const year = Number(c);
    if (dateFormat === 'ymd') return bad(`is ${quote(text)}, not a ymd date (YYYY/MM/DD)`);
    if (dateFormat === 'dmy') return canonical({ year, month: y, day: x, time }, text);
    if (dateFormat === 'mdy') return canonical({ year, month: x, day: y, time }, text);
    // No format given: read it only when the order is evident, or when both orders give one date.
    if (x > 12 && y <= 12) return canonical({ year, month: y, day: x, time }, text);
    if (y > 12 && x <= 12) return canonical({ year, month: x, day: y, time }, text);
    if (x === y) return canonical({ year, month: x, day: x, time }, text);
    return bad(`is ${quote(text)}, which could be day/month or month/day; ${AMBIGUOUS_DATE_ADVICE}`);
  }
  return bad(
    `is ${quote(text)}, not a date: use YYYY-MM-DD (optionally with a time), "4 Mar 2024", "Mar 4, 2024", a slash date, or "never"`,
  );
}

// Text cells -------------------------------------------------------------------------------------

/**
 * Control characters (Unicode Cc, tab and line breaks included), the line and paragraph separators
 * U+2028 and U+2029 (line breaks too), the bidirectional controls that can make a name read
 * differently from what it is, and U+FFFD, the mark of text damaged before it got here. No stored
 * text cell may hold any of them.
 */
const FORBIDDEN = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${SEPARATORS_AND_BIDI}\\ufffd]`);
/** The same, less the line feed and the tab, which separate records (and, in a tab-separated file, fields). */
const FORBIDDEN_BESIDE_SEPARATORS = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${SEPARATORS_AND_BIDI}\\ufffd]`);

/**
 * Whether a file's text (its line breaks made LF) may put a character no cell may hold into a cell.
 * Text for which this is false needs no per-cell check for them, as long as no cell holds a line
 * break (a quoted field can) or a tab (one that is not the delimiter, or a quoted one).
 */
export function mayHoldForbidden(text: string, tabIsDelimiter: boolean): boolean {
  return tabIsDelimiter ? FORBIDDEN_BESIDE_SEPARATORS.test(text) : FORBIDDEN_BESIDE_SEPARATORS.test(text) || text.includes('\t');
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with a stored text cell, if anything: too long, or a character no stored text may
 * hold. `max` is the cell's length limit; `scanned`: the cell's text is known free of those
 * characters (its file's text was scanned with mayHoldForbidden), so only the length is checked.
 */
export function checkText(value: string, max: number = MAX_CELL_LENGTH, scanned = false): string | undefined {
  if (value.length > max) return `is ${value.length.toLocaleString('en-US')} characters long; the limit is ${max}`;
  if (scanned) return undefined;
  const found = FORBIDDEN.exec(value);
  if (found === null) return undefined;
  const code = found[0].charCodeAt(0);
  if (code === 0xfffd) return `contains U+FFFD, the replacement character: the text was damaged before it reached this file (re-export it)`;
  if (code <= 0x9f) return `contains a control character ${hex(code)}`;
  if (code === 0x2028 || code === 0x2029) return `contains a line break ${hex(code)}`;
  return `contains a bidirectional control character ${hex(code)}`;
}

// Emails -----------------------------------------------------------------------------------------

const EMAIL = /^[^\s@"<>(),;:[\]\\]+@[^\s@"<>(),;:[\]\\]+\.[^\s@"<>(),;:[\]\\.]+$/;

/**
 * An email as it is stored and looked up: without the spaces and tabs around it (trimCell), and
 * lower-cased. The one normalization; any other space stays, and makes the email malformed.
 */
export function normalizeEmail(email: string): string {
  return trimCell(email).toLowerCase();
}

/** Invisible format characters (zero-width space and joiners, soft hyphen, …): two emails that look alike. */
const FORMAT_CHARACTER = /\p{Cf}/u;

/** Whether a normalized email has a plausible form: one @, no spaces, quotes or invisible characters, a dot in the domain. */
export function isPlausibleEmail(email: string): boolean {
  return EMAIL.test(email) && !email.includes('..') && !FORMAT_CHARACTER.test(email);
}

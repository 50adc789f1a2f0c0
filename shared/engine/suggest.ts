// What a question probably meant when it names nothing in the snapshot or the model: the nearest
// permissions to a typo, the nearest emails to an unknown one. Every search here is bounded: a few
// dozen permissions, a few hundred emails from index ranges, strings no longer than the schema allows.

import type { ResolvedModel } from '../model/resolve';
import type { Permission } from '../model/types';
import type { SnapshotView } from '../snapshot';

/** At most this many suggestions in a message. */
export const MAX_SUGGESTIONS = 3;

/**
 * The Levenshtein distance between `a` and `b` if it is at most `max`, otherwise `max + 1`: strings
 * whose lengths differ by more than `max` are never compared, and a row whose every cell is over
 * `max` ends the work early.
 */
export function distanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

const normalize = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The words of a label or an id ("managed-av.bulk-update" → managed, av, bulk, update). */
const wordsOf = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');

/** Typos allowed in a word: none in a short one, one up to 6 letters, two beyond. */
const typosIn = (word: string) => (word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2);

/** How far `word` (typed) is from the nearest of `words` (a permission's), or undefined when it is near none. */
function wordScore(word: string, words: readonly string[]): number | undefined {
  let best: number | undefined;
  const limit = typosIn(word);
  for (const candidate of words) {
    if (candidate === word) return 0;
    // A beginning of a word ("remed" for "remediation") is as near as one typo.
    const beginning = word.length >= 3 && candidate.startsWith(word);
    const distance = distanceWithin(word, candidate, limit);
    if (beginning || distance <= limit) best = Math.min(best ?? Infinity, beginning ? Math.min(1, distance) : distance);
  }
  return best;
}

const PERMISSION_WORDS = new WeakMap<ResolvedModel, string[][]>();

function permissionWords(model: ResolvedModel): string[][] {
  let words = PERMISSION_WORDS.get(model);
  if (!words) {
    words = model.permissions.map((p) => [...new Set([...wordsOf(p.label), ...wordsOf(p.id)])]);
    PERMISSION_WORDS.set(model, words);
  }
  return words;
}

/**
 * The permissions `text` probably meant, nearest first (at most MAX_SUGGESTIONS): first those whose
 * label or id holds it or is held by it (as before), then those whose label is within a few typos of
 * it, or every word of which (up to 8 words of 2 letters or more) is a word of the label or id, with a
 * typo or two, or the beginning of one ("Asisted" → "Approve Assisted Remediation").
 */
export function nearestPermissions(model: ResolvedModel, text: string): Permission[] {
  const needle = normalize(text);
  if (needle === '') return [];
  const found: Permission[] = model.permissions.filter((p) => {
    const label = p.label.toLowerCase();
    return label.includes(needle) || p.id.includes(needle) || needle.includes(label);
  });
  if (found.length >= MAX_SUGGESTIONS) return found.slice(0, MAX_SUGGESTIONS);

  const typed = wordsOf(needle)
    .filter((w) => w.length >= 2)
    .slice(0, 8);
  const wholeTypos = Math.max(2, Math.floor(needle.length / 4));
  const words = permissionWords(model);
  const scored: { permission: Permission; score: number; index: number }[] = [];
  model.permissions.forEach((permission, index) => {
    if (found.includes(permission)) return;
    let score = distanceWithin(needle, normalize(permission.label), wholeTypos);
    if (score > wholeTypos) {
      if (typed.length === 0) return;
      let sum = 0;
      for (const word of typed) {
        const s = wordScore(word, words[index]);
        if (s === undefined) return;
        sum += s;
      }
      // Behind every whole-label match: each word found, by how many typos in all.
      score = wholeTypos + 1 + sum;
    }
    scored.push({ permission, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return [...found, ...scored.map((s) => s.permission)].slice(0, MAX_SUGGESTIONS);
}

/** Emails read from each index range: enough for a tenancy's people with one beginning, never the whole table. */
const EMAILS_PER_RANGE = 200;

/**
 * The emails of the snapshot `email` (normalized) probably meant, nearest first (at most
 * MAX_SUGGESTIONS): the same local part at another domain (or, for a bare name, at any domain), and
 * emails within a few typos of it, or whose local part begins with its local part or begins it, at the
 * same domain. Only emails sharing its first letters are looked at (three ranges of the email index),
 * so a typo in the first two letters is not found.
 */
export function nearestEmails(view: SnapshotView, email: string): string[] {
  if (email === '') return [];
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? undefined : email.slice(at + 1);
  const prefixes = new Set([`${local}@`, local.slice(0, Math.max(2, Math.ceil(local.length / 2))), local.slice(0, 2)]);
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    if (prefix === '' || prefix === '@') continue;
    for (const candidate of view.emailsStartingWith(prefix, EMAILS_PER_RANGE)) seen.add(candidate);
  }
  seen.delete(email);
  const typos = Math.max(2, Math.floor(email.length / 8));
  const scored: { email: string; score: number }[] = [];
  for (const candidate of seen) {
    const split = candidate.lastIndexOf('@');
    const theirLocal = candidate.slice(0, split);
    const theirDomain = candidate.slice(split + 1);
    const distance = distanceWithin(email, candidate, typos);
    if (distance <= typos) scored.push({ email: candidate, score: distance });
    else if (theirLocal === local) scored.push({ email: candidate, score: typos + 1 });
    else if (theirDomain === domain && local.length >= 2 && (theirLocal.startsWith(local) || local.startsWith(theirLocal))) {
      scored.push({ email: candidate, score: typos + 2 });
    }
  }
  scored.sort((a, b) => a.score - b.score || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.email);
}

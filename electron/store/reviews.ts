// Access reviews in the database (migrations/007-reviews.ts): reviews, their frozen items with the
// decisions, and the append-only log, each entry chained to the one before by SHA-256 over the entry
// as canonical JSON and the previous hash. Only the service writes here, one write at a time.

import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from './database';
import type {
  ItemDecision,
  LogEntry,
  ReviewerProgress,
  ReviewItem,
  ReviewManifest,
  ReviewSummary,
  ReviewVerification,
} from '../../shared/reviews';

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

/** Every statement the review store runs, by name (the query-plan test checks each uses an index). */
export const REVIEW_SQL = {
  insertReview: `INSERT INTO reviews (name, snapshot_id, platform, scope, due, created_at, created_by, status, previous_review, manifest_json)
    VALUES (@name, @snapshot, @platform, @scope, @due, @createdAt, @createdBy, 'started', @previous, @manifest)`,
  insertReviewer: `INSERT INTO review_reviewers (review_id, scope, reviewer) VALUES (@review, @scope, @reviewer)`,
  insertItem: `INSERT INTO review_items (review_id, number, email, name, role_id, role, level, path, source_file, source_line,
      privileged, recommendations_json, changed, reviewer)
    VALUES (@review, @number, @email, @name, @roleId, @role, @level, @path, @sourceFile, @sourceLine, @privileged, @recommendations, @changed, @reviewer)`,
  review: `SELECT r.*, (SELECT count(*) FROM review_items i WHERE i.review_id = r.id) AS items,
      (SELECT count(decision) FROM review_items i WHERE i.review_id = r.id) AS decided
    FROM reviews r WHERE r.id = @review`,
  reviews: `SELECT r.*, (SELECT count(*) FROM review_items i WHERE i.review_id = r.id) AS items,
      (SELECT count(decision) FROM review_items i WHERE i.review_id = r.id) AS decided
    FROM reviews r ORDER BY r.id DESC`,
  previousReview: `SELECT id FROM reviews WHERE platform = @platform AND scope IS @scope AND snapshot_id < @snapshot
    ORDER BY snapshot_id DESC, id DESC LIMIT 1`,
  reviewers: `SELECT scope, reviewer FROM review_reviewers WHERE review_id = @review ORDER BY scope`,
  progress: `SELECT reviewer, count(*) AS items, count(decision) AS decided FROM review_items
    WHERE review_id = @review GROUP BY reviewer ORDER BY reviewer`,
  items: `SELECT * FROM review_items WHERE review_id = @review ORDER BY number`,
  filteredCount: `SELECT count(*) FROM review_items i WHERE review_id = @review AND FILTER`,
  filtered: `SELECT * FROM review_items i WHERE review_id = @review AND FILTER ORDER BY number LIMIT @count OFFSET @from`,
  item: `SELECT * FROM review_items WHERE review_id = @review AND number = @number`,
  undecided: `SELECT number FROM review_items WHERE review_id = @review AND decision IS NULL ORDER BY number LIMIT 6`,
  itemsIn: `SELECT number FROM review_items WHERE review_id = @review AND (path = @path OR (path > @below AND path < @after)) ORDER BY number`,
  decide: `UPDATE review_items SET decision = @decision, new_role = @role, expires = @expires, comment = @comment,
      decided_by = @by, decided_at = @at, self_reason = @selfReason
    WHERE review_id = @review AND number = @number`,
  reassign: `UPDATE review_items SET reviewer = @reviewer WHERE review_id = @review AND number = @number`,
  signOff: `UPDATE reviews SET status = 'signed', signed_by = @name, signed_at = @at, sign_statement = @statement, signed_head = @head
    WHERE id = @review`,
  logHead: `SELECT seq, hash FROM review_log WHERE review_id = @review ORDER BY seq DESC LIMIT 1`,
  logCount: `SELECT count(*) FROM review_log WHERE review_id = @review`,
  log: `SELECT * FROM review_log WHERE review_id = @review AND seq > @from ORDER BY seq LIMIT @count`,
  appendLog: `INSERT INTO review_log (review_id, seq, at, actor, action, item, before_json, after_json, prev_hash, hash)
    VALUES (@review, @seq, @at, @actor, @action, @item, @before, @after, @prevHash, @hash)`,
} as const;

/** The filters of a review's item list; each left out (null) keeps every item. */
export const ITEM_FILTER = `(@reviewer IS NULL OR reviewer = @reviewer)
  AND (@undecided IS NULL OR (decision IS NULL) = @undecided)
  AND (@privileged IS NULL OR privileged = @privileged)
  AND (@changed IS NULL OR (changed IS NOT NULL) = @changed)
  AND (@decision IS NULL OR decision = @decision)
  AND (@recommendation IS NULL OR EXISTS (SELECT 1 FROM json_each(i.recommendations_json) WHERE json_extract(value, '$.rule') = @recommendation))
  AND (@text IS NULL OR instr(lower(email || char(10) || name || char(10) || role || char(10) || path), @text) > 0)`;

const sql = (name: keyof typeof REVIEW_SQL) => REVIEW_SQL[name].replace('FILTER', ITEM_FILTER);

export interface ItemFilter {
  reviewer?: string;
  undecided?: boolean;
  privileged?: boolean;
  changed?: boolean;
  decision?: string;
  recommendation?: string;
  /** Text the person (email or name), role or tenant path holds, in any case. */
  text?: string;
}

export type NewItem = Omit<ReviewItem, 'decision'>;

export interface NewReview extends Pick<ReviewSummary, 'name' | 'snapshotId' | 'platform' | 'scope' | 'due' | 'createdAt' | 'createdBy'> {
  previousReview: number | null;
  manifest: ReviewManifest;
  reviewers: { scope: string; reviewer: string }[];
  items: NewItem[];
}

export interface LogInput {
  at: string;
  actor: string;
  action: LogEntry['action'];
  item: number | null;
  before: unknown;
  after: unknown;
}

type Row = Record<string, unknown>;

/** What an item is about, in a fixed order: the population's SHA-256 is over these. */
function frozenFields(item: Omit<ReviewItem, 'decision' | 'reviewer'>): unknown[] {
  return [
    item.number,
    item.email,
    item.name,
    item.roleId,
    item.role,
    item.level,
    item.path,
    item.sourceFile,
    item.sourceLine,
    item.privileged,
    item.recommendations,
    item.changed,
  ];
}

export function populationSha256(items: Iterable<Omit<ReviewItem, 'decision' | 'reviewer'>>): string {
  const hash = createHash('sha256');
  for (const item of items) hash.update(`${JSON.stringify(frozenFields(item))}\n`);
  return hash.digest('hex');
}

/** An entry's hash: SHA-256 over the entry as canonical JSON (its fields in a fixed order) and the previous hash. */
export function entryHash(
  reviewId: number,
  e: Omit<LogEntry, 'hash' | 'before' | 'after'> & { beforeJson: string | null; afterJson: string | null },
): string {
  const canonical = JSON.stringify([reviewId, e.seq, e.at, e.actor, e.action, e.item, e.beforeJson, e.afterJson, e.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

function toDecision(row: Row): ItemDecision | null {
  if (row.decision === null) return null;
  return {
    decision: row.decision as ItemDecision['decision'],
    role: row.new_role as string | null,
    expires: row.expires as string | null,
    comment: row.comment as string | null,
    by: row.decided_by as string,
    at: row.decided_at as string,
    selfReason: row.self_reason as string | null,
  };
}

function toItem(row: Row): ReviewItem {
  return {
    number: row.number as number,
    email: row.email as string,
    name: row.name as string,
    roleId: row.role_id as string,
    role: row.role as string,
    level: row.level as string,
    path: row.path as string,
    sourceFile: row.source_file as string,
    sourceLine: row.source_line as number,
    privileged: row.privileged === 1,
    recommendations: JSON.parse(row.recommendations_json as string) as ReviewItem['recommendations'],
    changed: row.changed as string | null,
    reviewer: row.reviewer as string,
    decision: toDecision(row),
  };
}

function toSummary(row: Row): ReviewSummary {
  return {
    id: row.id as number,
    name: row.name as string,
    snapshotId: row.snapshot_id as number,
    platform: row.platform as string,
    scope: row.scope as string | null,
    due: row.due as string | null,
    createdAt: row.created_at as string,
    createdBy: row.created_by as string,
    status: row.status as ReviewSummary['status'],
    items: row.items as number,
    decided: row.decided as number,
    signOff:
      row.status === 'signed'
        ? {
            name: row.signed_by as string,
            at: row.signed_at as string,
            statement: row.sign_statement as string,
            chainHead: row.signed_head as string,
          }
        : null,
  };
}

function toEntry(row: Row): LogEntry {
  const parse = (json: unknown) => (json === null ? null : (JSON.parse(json as string) as unknown));
  return {
    seq: row.seq as number,
    at: row.at as string,
    actor: row.actor as string,
    action: row.action as LogEntry['action'],
    item: row.item as number | null,
    before: parse(row.before_json),
    after: parse(row.after_json),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/** The path range strictly below a tenant path (see migrations/001-initial.ts: '0' follows '/'). */
const below = (path: string) => ({ below: `${path}/`, after: `${path}0` });

export class ReviewStore {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Database) {}

  private statement(name: keyof typeof REVIEW_SQL): BetterSqlite3.Statement {
    let statement = this.statements.get(name);
    if (!statement) {
      statement = this.db.prepare(sql(name));
      this.statements.set(name, statement);
    }
    return statement;
  }

  /** Writes a new review, its reviewers and items, and the log's first entry, in one transaction; returns its id. */
  create(review: NewReview, log: Omit<LogInput, 'item' | 'before'>): number {
    const write = this.db.transaction(() => {
      const id = Number(
        this.statement('insertReview').run({
          name: review.name,
          snapshot: review.snapshotId,
          platform: review.platform,
          scope: review.scope,
          due: review.due,
          createdAt: review.createdAt,
          createdBy: review.createdBy,
          previous: review.previousReview,
          manifest: JSON.stringify(review.manifest),
        }).lastInsertRowid,
      );
      for (const r of review.reviewers) this.statement('insertReviewer').run({ review: id, ...r });
      const insert = this.statement('insertItem');
      for (const item of review.items) {
        insert.run({
          review: id,
          ...item,
          privileged: item.privileged ? 1 : 0,
          recommendations: JSON.stringify(item.recommendations),
        });
      }
      this.append(id, { ...log, item: null, before: null });
      return id;
    });
    return write.immediate();
  }

  get(id: number): ReviewSummary | undefined {
    const row = this.statement('review').get({ review: id }) as Row | undefined;
    return row && toSummary(row);
  }

  manifest(id: number): ReviewManifest {
    const row = this.statement('review').get({ review: id }) as Row;
    return JSON.parse(row.manifest_json as string) as ReviewManifest;
  }

  list(): ReviewSummary[] {
    return (this.statement('reviews').all() as Row[]).map(toSummary);
  }

  previousReview(platform: string, scope: string | null, snapshotId: number): number | null {
    return (this.statement('previousReview').pluck(true).get({ platform, scope, snapshot: snapshotId }) as number | undefined) ?? null;
  }

  reviewers(id: number): { scope: string; reviewer: string }[] {
    return this.statement('reviewers').all({ review: id }) as { scope: string; reviewer: string }[];
  }

  progress(id: number): ReviewerProgress[] {
    return this.statement('progress').all({ review: id }) as ReviewerProgress[];
  }

  items(id: number): ReviewItem[] {
    return [...this.eachItem(id)];
  }

  /** The items one at a time, read as they are asked for: a review of a million items is never read whole. */
  *eachItem(id: number): Generator<ReviewItem> {
    for (const row of this.statement('items').iterate({ review: id }) as IterableIterator<Row>) yield toItem(row);
  }

  filtered(id: number, filter: ItemFilter, from: number, count: number): { total: number; items: ReviewItem[] } {
    const bool = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
    const params = {
      review: id,
      reviewer: filter.reviewer ?? null,
      undecided: bool(filter.undecided),
      privileged: bool(filter.privileged),
      changed: bool(filter.changed),
      decision: filter.decision ?? null,
      recommendation: filter.recommendation ?? null,
      text: filter.text?.trim() ? filter.text.trim().toLowerCase() : null,
    };
    const total = this.statement('filteredCount').pluck(true).get(params) as number;
    const rows = this.statement('filtered').all({ ...params, from, count }) as Row[];
    return { total, items: rows.map(toItem) };
  }

  item(id: number, number: number): ReviewItem | undefined {
    const row = this.statement('item').get({ review: id, number }) as Row | undefined;
    return row && toItem(row);
  }

  /** The first few undecided items' numbers. */
  undecided(id: number): number[] {
    return this.statement('undecided').pluck(true).all({ review: id }) as number[];
  }

  /** The numbers of the items at a tenant path and below. */
  itemsIn(id: number, path: string): number[] {
    return this.statement('itemsIn')
      .pluck(true)
      .all({ review: id, path, ...below(path) }) as number[];
  }

  /** Records decisions and their log entries, all in one transaction. */
  decide(id: number, decisions: { number: number; decision: ItemDecision; log: LogInput }[]): void {
    this.db
      .transaction(() => {
        for (const { number, decision, log } of decisions) {
          this.statement('decide').run({ review: id, number, ...decision });
          this.append(id, log);
        }
      })
      .immediate();
  }

  reassign(id: number, changes: { number: number; reviewer: string; log: LogInput }[]): void {
    this.db
      .transaction(() => {
        for (const { number, reviewer, log } of changes) {
          this.statement('reassign').run({ review: id, number, reviewer });
          this.append(id, log);
        }
      })
      .immediate();
  }

  signOff(id: number, signOff: { name: string; at: string; statement: string }, log: LogInput): void {
    this.db
      .transaction(() => {
        const head = this.append(id, log);
        this.statement('signOff').run({ review: id, ...signOff, head });
      })
      .immediate();
  }

  logCount(id: number): number {
    return this.statement('logCount').pluck(true).get({ review: id }) as number;
  }

  /** `count` entries after entry `from` (0: from the first). */
  log(id: number, from: number, count: number): LogEntry[] {
    return (this.statement('log').all({ review: id, from, count }) as Row[]).map(toEntry);
  }

  /** Appends an entry chained to the last one; returns its hash. */
  private append(id: number, input: LogInput): string {
    const head = this.statement('logHead').get({ review: id }) as { seq: number; hash: string } | undefined;
    const entry = {
      seq: (head?.seq ?? 0) + 1,
      at: input.at,
      actor: input.actor,
      action: input.action,
      item: input.item,
      beforeJson: input.before === null ? null : JSON.stringify(input.before),
      afterJson: input.after === null ? null : JSON.stringify(input.after),
      prevHash: head?.hash ?? GENESIS,
    };
    const hash = entryHash(id, entry);
    this.statement('appendLog').run({ review: id, ...entry, before: entry.beforeJson, after: entry.afterJson, hash });
    return hash;
  }

  /**
   * Recomputes the chain entry by entry, then checks what the log says against the review: the
   * population's SHA-256 (start), each item's decision and reviewer (its last decide and reassign
   * entries) and the signed head. Reports the first thing wrong.
   */
  verify(id: number): ReviewVerification {
    const rows = this.db.prepare('SELECT * FROM review_log WHERE review_id = ? ORDER BY seq').all(id) as Row[];
    const fail = (seq: number | null, item: number | null, message: string): ReviewVerification => ({
      reviewId: id,
      ok: false,
      entries: rows.length,
      head: (rows.at(-1)?.hash as string | undefined) ?? null,
      problem: { seq, item, message },
    });
    let prev = GENESIS;
    for (const [index, row] of rows.entries()) {
      const seq = row.seq as number;
      const what = `entry ${seq} (${String(row.action)}${row.item === null ? '' : ` item ${String(row.item)}`}, ${String(row.at)})`;
      if (seq !== index + 1) return fail(seq, null, `entry ${index + 1} is missing: the log jumps to entry ${seq}`);
      if (row.prev_hash !== prev) return fail(seq, null, `${what} does not follow the entry before it: the chain is broken there`);
      const hash = entryHash(id, {
        seq,
        at: row.at as string,
        actor: row.actor as string,
        action: row.action as LogEntry['action'],
        item: row.item as number | null,
        beforeJson: row.before_json as string | null,
        afterJson: row.after_json as string | null,
        prevHash: row.prev_hash as string,
      });
      if (hash !== row.hash) return fail(seq, null, `${what} does not match its hash: it was changed after it was written`);
      prev = hash;
    }
    const entries = rows.map(toEntry);
    const review = this.get(id)!;
    const start = entries[0];
    if (start?.action !== 'start') return fail(null, null, 'the log does not begin with the start of the review');
    const population = populationSha256(this.eachItem(id));
    if (population !== this.manifest(id).populationSha256 || population !== (start.after as { populationSha256?: string }).populationSha256)
      return fail(1, null, 'the items are not the population frozen at the start: an item was added, removed or changed');
    const lastDecision = new Map<number, unknown>();
    const lastReviewer = new Map<number, string>();
    for (const e of entries) {
      if (e.item === null) continue;
      if (e.action === 'decide') lastDecision.set(e.item, e.after);
      if (e.action === 'reassign') lastReviewer.set(e.item, (e.after as { reviewer: string }).reviewer);
    }
    for (const item of this.eachItem(id)) {
      const logged = lastDecision.get(item.number) ?? null;
      if (JSON.stringify(logged) !== JSON.stringify(item.decision))
        return fail(null, item.number, `item ${item.number}'s decision is not the one the log records for it`);
      const reviewer = lastReviewer.get(item.number);
      if (reviewer !== undefined && reviewer !== item.reviewer)
        return fail(null, item.number, `item ${item.number}'s reviewer is not the one the log records for it`);
    }
    if (review.signOff && review.signOff.chainHead !== prev) {
      const at = entries.findIndex((e) => e.hash === review.signOff!.chainHead);
      return fail(
        at < 0 ? null : at + 2,
        null,
        at < 0 ? 'the log does not hold the entry the sign-off was made at' : 'the log has entries after the sign-off',
      );
    }
    return { reviewId: id, ok: true, entries: rows.length, head: rows.length === 0 ? null : prev, problem: null };
  }
}

// The evidence a review leaves: a log the database keeps append-only, chained by SHA-256 so that any
// edit shows in `verifyReview`, naming the entry or item; remediation checked in the next export
// (November's decisions against December's snapshot); and the review store's statements on indexes.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ITEM_FILTER, REVIEW_SQL } from '../../electron/store/reviews';
import { allItems, BAYSIDE, ELENA, itemOf, northwind, type Setup } from './support';

const MARCUS = 'marcus.webb@northwind-msp.example';
const TOMAS = 'tomas.herrera@northwind-msp.example';
const RAHUL = 'rahul.mehta@northwind-msp.example';
const IRONBRIDGE = 'Northwind MSP/Ironbridge Manufacturing';

let setup: Setup;
afterEach(() => setup?.close());

/** A started review of November with a few decisions: the log holds start, then one entry per decided item. */
async function decidedReview() {
  setup = await northwind({ december: true });
  await setup.service.startReview({ snapshotId: 1, name: 'Q4', reviewers: [{ reviewer: ELENA }], by: ELENA });
  const items = allItems(setup.service, 1);
  const n = (email: string, path: string, role?: string) => itemOf(items, email, path, role).number;
  await setup.service.decide({
    reviewId: 1,
    decisions: [
      { items: [n(MARCUS, 'Northwind MSP')], decision: 'revoke', comment: 'Suspended since September 2025' },
      { items: [n(TOMAS, BAYSIDE)], decision: 'modify', role: 'User', comment: 'Admin is not needed' },
      { items: [n(RAHUL, IRONBRIDGE, 'Admin · organization')], decision: 'revoke', comment: 'Left the Ironbridge pod' },
      { items: [n(TOMAS, 'Northwind MSP')], decision: 'revoke', comment: 'Read-only is not used' },
      { items: [n('priya.raman@coastal-it.example', BAYSIDE)], decision: 'revoke', comment: 'Contractor' },
      { items: [n('maria.santos@bayside-dental.example', BAYSIDE)], decision: 'keep', comment: 'Practice manager' },
    ],
  });
  return { items, n };
}

describe('the review log', () => {
  it('records every action with who, when and before → after, chained; verify recomputes the chain', async () => {
    const { n } = await decidedReview();
    const log = setup.service.reviewLog({ reviewId: 1 });
    expect(log.total).toBe(7);
    expect(log.entries.map((e) => e.action)).toEqual(['start', ...Array(6).fill('decide')]);
    expect(log.entries[0]).toMatchObject({
      seq: 1,
      actor: ELENA,
      item: null,
      prevHash: '0'.repeat(64),
      after: { items: 266, assignmentsInScope: 266 },
    });
    expect(log.entries[1]).toMatchObject({
      item: n(MARCUS, 'Northwind MSP'),
      before: null,
      after: { decision: 'revoke', comment: 'Suspended since September 2025' },
    });
    for (let i = 1; i < log.entries.length; i++) expect(log.entries[i].prevHash).toBe(log.entries[i - 1].hash);
    expect(setup.service.verifyReview({ reviewId: 1 })).toEqual({
      reviewId: 1,
      ok: true,
      entries: 7,
      head: log.entries[6].hash,
      problem: null,
    });
    // Changing a decision logs the one before it.
    await setup.service.decide({ reviewId: 1, decisions: [{ items: [n(MARCUS, 'Northwind MSP')], decision: 'dont-know' }] });
    expect(setup.service.reviewLog({ reviewId: 1 }).entries[7]).toMatchObject({
      before: { decision: 'revoke' },
      after: { decision: 'dont-know', comment: null },
    });
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    await decidedReview();
    const raw = setup.raw();
    expect(() => raw.exec("UPDATE review_log SET actor = 'someone else' WHERE review_id = 1 AND seq = 2")).toThrow(
      'the review log is append-only: its entries cannot be changed',
    );
    expect(() => raw.exec('DELETE FROM review_log WHERE review_id = 1 AND seq = 7')).toThrow(
      'the review log is append-only: its entries cannot be deleted',
    );
    expect(() => raw.exec('DELETE FROM review_items WHERE review_id = 1')).toThrow(/population is frozen/);
    expect(() => raw.exec("UPDATE review_items SET role = 'User · organization' WHERE review_id = 1 AND number = 1")).toThrow(
      /population is frozen/,
    );
    expect(() => raw.exec('DELETE FROM reviews WHERE id = 1')).toThrow(/cannot be deleted/);
    expect(setup.service.verifyReview({ reviewId: 1 }).ok).toBe(true);
  });

  it('shows an entry edited with the trigger dropped, naming it', async () => {
    await decidedReview();
    const raw = setup.raw();
    raw.exec('DROP TRIGGER review_log_no_update');
    raw.exec(`UPDATE review_log SET after_json = replace(after_json, '"revoke"', '"keep"') WHERE review_id = 1 AND seq = 2`);
    const verified = setup.service.verifyReview({ reviewId: 1 });
    expect(verified.ok).toBe(false);
    expect(verified.problem).toMatchObject({
      seq: 2,
      message: expect.stringMatching(/^entry 2 \(decide item \d+, .*\) does not match its hash: it was changed after it was written$/),
    });
  });

  it('shows an edited entry whose hash was recomputed: the next entry no longer follows it', async () => {
    await decidedReview();
    const raw = setup.raw();
    raw.exec('DROP TRIGGER review_log_no_update');
    const row = raw.prepare('SELECT * FROM review_log WHERE review_id = 1 AND seq = 2').get() as Record<string, unknown>;
    const actor = 'someone else';
    const hash = createHash('sha256')
      .update(JSON.stringify([1, 2, row.at, actor, row.action, row.item, row.before_json, row.after_json, row.prev_hash]))
      .digest('hex');
    raw.prepare('UPDATE review_log SET actor = ?, hash = ? WHERE review_id = 1 AND seq = 2').run(actor, hash);
    expect(setup.service.verifyReview({ reviewId: 1 }).problem).toMatchObject({
      seq: 3,
      message: expect.stringMatching(/^entry 3 .* does not follow the entry before it: the chain is broken there$/),
    });
  });

  it('shows a row written with a wrong hash through SQL, and a decision changed without the log', async () => {
    await decidedReview();
    const raw = setup.raw();
    const head = raw.prepare('SELECT hash FROM review_log WHERE review_id = 1 ORDER BY seq DESC LIMIT 1').pluck().get();
    raw
      .prepare(
        `INSERT INTO review_log (review_id, seq, at, actor, action, item, before_json, after_json, prev_hash, hash)
       VALUES (1, 8, '2026-12-01T00:00:00.000Z', 'intruder', 'decide', 1, NULL, '{}', ?, ?)`,
      )
      .run(head, 'f'.repeat(64));
    expect(setup.service.verifyReview({ reviewId: 1 }).problem).toMatchObject({
      seq: 8,
      message: expect.stringMatching(/^entry 8 .* does not match its hash/),
    });

    setup.close();
    await decidedReview();
    setup.raw().exec("UPDATE review_items SET decision = 'keep', comment = 'fine' WHERE review_id = 1 AND number = 1");
    expect(setup.service.verifyReview({ reviewId: 1 }).problem).toEqual({
      seq: null,
      item: 1,
      message: "item 1's decision is not the one the log records for it",
    });
  });
});

describe('verified remediation', () => {
  it('checks each revoke and modify of November in December: removed, changed as decided, or still present', async () => {
    const { n } = await decidedReview();
    const answer = setup.service.remediation({ reviewId: 1 });
    expect(answer.snapshot.id).toBe(2);
    const status = Object.fromEntries(answer.entries.map((e) => [e.item, [e.status, e.detail]]));
    expect(status[n(MARCUS, 'Northwind MSP')]).toEqual(['verified', 'removed — verified in snapshot #2']);
    expect(status[n(RAHUL, IRONBRIDGE, 'Admin · organization')]).toEqual(['verified', 'removed — verified in snapshot #2']);
    expect(status[n(TOMAS, BAYSIDE)]).toEqual(['verified', 'changed to User · organization — verified in snapshot #2']);
    expect(status[n(TOMAS, 'Northwind MSP')]).toEqual(['still-present', 'still present in snapshot #2']);
    expect(status[n('priya.raman@coastal-it.example', BAYSIDE)]).toEqual(['still-present', 'still present in snapshot #2']);
    expect(answer.counts).toEqual({ verified: 3, 'still-present': 2, 'changed-otherwise': 0 });
    // A kept item is not remediation.
    expect(answer.entries.some((e) => e.email === 'maria.santos@bayside-dental.example')).toBe(false);
  });

  it('says when no later snapshot is there to check in', async () => {
    setup = await northwind();
    await setup.service.startReview({ snapshotId: 1, name: 'Q4', reviewers: [{ reviewer: ELENA }], by: ELENA });
    expect(() => setup.service.remediation({ reviewId: 1 })).toThrow(
      "no snapshot of huntress later than the review's (#1); import the next export, then check again",
    );
  });
});

describe('the review store’s statements', () => {
  it('each reads reviews, items and the log through a key or an index, never a scan of a table', async () => {
    setup = await northwind();
    const raw = setup.raw();
    const params: Record<string, Record<string, unknown>> = {
      insertReview: {
        name: 'x',
        snapshot: 1,
        platform: 'huntress',
        scope: null,
        due: null,
        createdAt: 'x',
        createdBy: 'x',
        previous: null,
        manifest: '{}',
      },
      insertReviewer: { review: 1, scope: '', reviewer: 'x' },
      insertItem: {
        review: 1,
        number: 1,
        email: 'x',
        name: 'x',
        roleId: 'x',
        role: 'x',
        level: 'x',
        path: 'x',
        sourceFile: 'x',
        sourceLine: 1,
        privileged: 0,
        recommendations: '[]',
        changed: null,
        reviewer: 'x',
      },
      review: { review: 1 },
      reviews: {},
      previousReview: { platform: 'huntress', scope: null, snapshot: 1 },
      reviewers: { review: 1 },
      progress: { review: 1 },
      items: { review: 1 },
      filteredCount: {
        review: 1,
        reviewer: null,
        undecided: null,
        privileged: null,
        changed: null,
        decision: null,
        recommendation: null,
        text: null,
      },
      filtered: {
        review: 1,
        reviewer: null,
        undecided: null,
        privileged: null,
        changed: null,
        decision: null,
        recommendation: null,
        text: null,
        from: 0,
        count: 1,
      },
      item: { review: 1, number: 1 },
      undecided: { review: 1 },
      itemsIn: { review: 1, path: 'x', below: 'x/', after: 'x0' },
      decide: { review: 1, number: 1, decision: 'keep', role: null, expires: null, comment: null, by: 'x', at: 'x', selfReason: null },
      reassign: { review: 1, number: 1, reviewer: 'x' },
      signOff: { review: 1, name: 'x', at: 'x', statement: 'x', head: 'x' },
      logHead: { review: 1 },
      logCount: { review: 1 },
      log: { review: 1, from: 0, count: 1 },
      appendLog: { review: 1, seq: 1, at: 'x', actor: 'x', action: 'x', item: null, before: null, after: null, prevHash: 'x', hash: 'x' },
    };
    expect(Object.keys(params).sort()).toEqual(Object.keys(REVIEW_SQL).sort());
    // The list of every review reads every review (newest first, by its key); nothing else reads a whole table.
    for (const [name, sql] of Object.entries(REVIEW_SQL).filter(([name]) => name !== 'reviews')) {
      const details = (
        raw.prepare(`EXPLAIN QUERY PLAN ${sql.replace('FILTER', ITEM_FILTER)}`).all(params[name]) as { detail: string }[]
      ).map((r) => r.detail);
      for (const detail of details)
        expect(detail, `${name}: ${detail}`).not.toMatch(/^SCAN (i|r|reviews|review_items|review_log|review_reviewers)\b/);
    }
    const plan = (name: keyof typeof REVIEW_SQL) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${REVIEW_SQL[name].replace('FILTER', ITEM_FILTER)}`).all(params[name]) as { detail: string }[]).map(
        (r) => r.detail,
      );
    expect(plan('filtered')).toContain('SEARCH i USING PRIMARY KEY (review_id=?)');
    expect(plan('progress')).toContain('SEARCH review_items USING INDEX review_items_by_reviewer (review_id=?)');
    expect(plan('logHead')).toContain('SEARCH review_log USING PRIMARY KEY (review_id=?)');
    expect(plan('previousReview')).toContain(
      'SEARCH reviews USING COVERING INDEX reviews_by_scope (platform=? AND scope=? AND snapshot_id<?)',
    );
  });
});

// An access review on Northwind MSP's November export, at the service (the same calls the CLI, the
// app and browser mode make): the population frozen at start and shown complete, recommendations from
// the findings, what changed since the previous review, each decision rule, bulk decisions, reassigning
// and the sign-off that locks the review.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditError } from '../../shared/errors';
import { allItems, BAYSIDE, ELENA, itemOf, JIA, northwind, type Setup } from './support';

const MARCUS = 'marcus.webb@northwind-msp.example';
const DANIEL = 'daniel.okonkwo@northwind-msp.example';
const TOMAS = 'tomas.herrera@northwind-msp.example';
const ACCOUNT = 'Northwind MSP';

let setup: Setup;
afterEach(() => setup?.close());

/** The error a call is refused with. */
async function refusal(call: () => unknown): Promise<AuditError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    return error as AuditError;
  }
  throw new Error('the call was not refused');
}

const start = (extra: Partial<Parameters<Setup['service']['startReview']>[0]> = {}) =>
  setup.service.startReview({ snapshotId: 1, name: 'Q4 2026 access review', reviewers: [{ reviewer: ELENA }], by: ELENA, ...extra });

describe('starting a review', () => {
  it('previews the population, then freezes it: one item per imported assignment in scope, the files and the completeness check', async () => {
    setup = await northwind();
    const reviewers = [{ reviewer: ELENA }, { scope: 'Bayside Dental', reviewer: JIA }];
    const preview = setup.service.previewReview({ snapshotId: 1, name: 'Q4', reviewers });
    expect(preview).toMatchObject({ assignmentsInScope: 266, items: 266, people: 75, changed: 0, previousReview: null });
    expect(preview.byReviewer).toEqual([
      { reviewer: ELENA, items: 255 },
      { reviewer: JIA, items: 11 },
    ]);
    expect(setup.service.reviews({})).toEqual([]); // the preview writes nothing

    const started = await start({ reviewers, due: '2027-01-15' });
    const snapshot = setup.service.snapshots({})[0];
    expect(started.review).toMatchObject({ id: 1, status: 'started', items: 266, decided: 0, due: '2027-01-15', scope: null });
    expect(started.manifest).toMatchObject({ assignmentsInScope: 266, items: 266, complete: true, files: snapshot.files });
    expect(started.manifest.files[0]).toMatchObject({ name: 'huntress-msp.csv', rows: 266 });
    expect(started.manifest.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(started.progress).toEqual([
      { reviewer: ELENA, items: 255, decided: 0 },
      { reviewer: JIA, items: 11, decided: 0 },
    ]);

    // Grouped by person, each with the import row it came from.
    const items = allItems(setup.service, 1);
    const emails = items.map((i) => i.email);
    expect(emails).toEqual([...emails].sort());
    expect(itemOf(items, MARCUS, ACCOUNT)).toMatchObject({
      role: 'Admin · account',
      sourceFile: 'huntress-msp.csv',
      sourceLine: 4,
      privileged: true,
    });
    expect(itemOf(items, TOMAS, BAYSIDE)).toMatchObject({ role: 'Admin · organization', reviewer: JIA });
  });

  it('filters the items by text in the person, the role or the tenant, in any case', async () => {
    setup = await northwind();
    await start();
    const all = allItems(setup.service, 1);
    const shown = (text: string) => setup.service.review({ reviewId: 1, text, count: 10_000 });
    const matches = (pred: (i: (typeof all)[number]) => boolean) => all.filter(pred).map((i) => i.number);
    expect(shown('MARCUS.WEBB').items.map((i) => i.number)).toEqual(matches((i) => i.email === MARCUS));
    expect(shown('bayside dental').items.map((i) => i.number)).toEqual(matches((i) => i.path.includes(BAYSIDE)));
    expect(shown('admin · account').total).toBe(all.filter((i) => i.role === 'Admin · account').length);
    expect(shown('nobody-by-this-name').total).toBe(0);
  });

  it('reviews one tenant and below, and its count is the tenant’s own count of assignments', async () => {
    setup = await northwind();
    const started = await start({ scope: 'bayside dental' });
    const bayside = setup.service.tree({ snapshotId: 1 }).answer.find((n) => n.path === BAYSIDE)!;
    expect(started.review.scope).toBe(BAYSIDE);
    expect(started.manifest).toMatchObject({
      items: bayside.subtreeAssignmentCount,
      assignmentsInScope: bayside.subtreeAssignmentCount,
      complete: true,
    });
    expect(allItems(setup.service, 1).every((i) => i.path === BAYSIDE)).toBe(true);
  });

  it('refuses a setup that leaves tenants without a reviewer, naming them', async () => {
    setup = await northwind();
    const error = await refusal(() => start({ reviewers: [{ scope: 'Bayside Dental', reviewer: JIA }] }));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(
      /^no reviewer is given for 34 tenants: "Northwind MSP", .* give a reviewer for the whole scope, or for these tenants$/,
    );
    expect(setup.service.reviews({})).toEqual([]);
  });

  it('attaches the findings that bear on each item as recommendations, worst first', async () => {
    setup = await northwind();
    await start();
    const items = allItems(setup.service, 1);
    const rules = (email: string, path: string) => itemOf(items, email, path).recommendations.map((r) => r.rule);
    expect(rules(MARCUS, ACCOUNT)).toContain('disabled-with-roles');
    expect(rules(DANIEL, ACCOUNT)).toEqual(expect.arrayContaining(['privileged-no-mfa', 'privileged-access']));
    expect(rules(DANIEL, ACCOUNT)[0]).toBe('privileged-no-mfa');
    // Filter by a recommendation: exactly the items carrying it.
    const noMfa = setup.service.review({ reviewId: 1, recommendation: 'privileged-no-mfa', count: 1000 });
    expect(noMfa.total).toBe(items.filter((i) => i.recommendations.some((r) => r.rule === 'privileged-no-mfa')).length);
    expect(noMfa.items.map((i) => i.email)).toContain(DANIEL);
  });

  it('marks what changed since the previous review of the same scope', async () => {
    setup = await northwind({ december: true });
    await start();
    const november = allItems(setup.service, 1);
    await setup.service.decide({
      reviewId: 1,
      decisions: [{ items: [itemOf(november, DANIEL, ACCOUNT).number], decision: 'revoke', comment: 'MFA off on an account admin' }],
    });
    const december = await setup.service.startReview({ snapshotId: 2, name: 'Q1 2027', reviewers: [{ reviewer: ELENA }], by: ELENA });
    expect(december.manifest.previousReview).toBe(1);
    const items = allItems(setup.service, 2);
    expect(itemOf(items, TOMAS, BAYSIDE).changed).toBe('was Admin · organization here in review #1');
    expect(itemOf(items, 'samuel.ortiz@northwind-msp.example', ACCOUNT).changed).toBe('new person since review #1');
    expect(itemOf(items, 'priya.raman@coastal-it.example', 'Northwind MSP/Harbor Law Group').changed).toBe('new access since review #1');
    expect(itemOf(items, DANIEL, ACCOUNT).changed).toBe('revoked in review #1, still present');
    expect(itemOf(items, ELENA, ACCOUNT).changed).toBeNull();
    expect(setup.service.review({ reviewId: 2, changed: true }).total).toBe(4);
  });
});

describe('decisions', () => {
  const item = (email: string, path: string) => itemOf(allItems(setup.service, 1), email, path).number;

  it('requires a comment to revoke, modify, accept an exception or keep privileged access; not to keep the rest', async () => {
    setup = await northwind();
    await start();
    const marcus = item(MARCUS, ACCOUNT);
    const reader = item('hannah.kowalski@northwind-msp.example', ACCOUNT);
    for (const decision of ['revoke', 'keep'] as const) {
      const error = await refusal(() => setup.service.decide({ reviewId: 1, decisions: [{ items: [marcus], decision }] }));
      expect(error.problems.map((p) => p.message)).toEqual([
        `item ${marcus} (Admin · account at Northwind MSP for ${MARCUS}): a comment is required to ${decision === 'keep' ? 'keep privileged access' : 'revoke access'}`,
      ]);
    }
    const summary = await setup.service.decide({ reviewId: 1, decisions: [{ items: [reader], decision: 'keep' }] });
    expect(summary.decided).toBe(1);
    await setup.service.decide({
      reviewId: 1,
      decisions: [{ items: [marcus], decision: 'revoke', comment: 'Suspended since September 2025' }],
    });
    const decided = setup.service.review({ reviewId: 1, decision: 'revoke' }).items;
    expect(decided.map((i) => [i.number, i.decision?.comment, i.decision?.by])).toEqual([
      [marcus, 'Suspended since September 2025', ELENA],
    ]);
  });

  it("refuses a reviewer's decision on their own access without a self-review reason, and records the reason", async () => {
    setup = await northwind();
    await start();
    const own = item(ELENA, ACCOUNT);
    const error = await refusal(() =>
      setup.service.decide({ reviewId: 1, decisions: [{ items: [own], decision: 'keep', comment: 'Needed' }] }),
    );
    expect(error.problems[0].message).toBe(
      `item ${own} (Admin · account at Northwind MSP for ${ELENA}) is ${ELENA}'s own access: deciding it needs a self-review reason`,
    );
    await setup.service.decide({
      reviewId: 1,
      decisions: [{ items: [own], decision: 'keep', comment: 'Needed', selfReason: 'The only other account admin is on leave' }],
    });
    expect(setup.service.review({ reviewId: 1, decision: 'keep' }).items[0].decision?.selfReason).toBe(
      'The only other account admin is on leave',
    );
    // Another decider (a name, or someone else's email) needs none.
    await setup.service.decide({
      reviewId: 1,
      by: 'daniel.okonkwo@northwind-msp.example',
      decisions: [{ items: [own], decision: 'keep', comment: 'Checked' }],
    });
  });

  it('needs an exception to expire after today, and a modify to name a role of the tenant’s level', async () => {
    setup = await northwind();
    await start();
    const tomas = item(TOMAS, BAYSIDE);
    const exception = (expires?: string) =>
      setup.service.decide({ reviewId: 1, decisions: [{ items: [tomas], decision: 'exception', comment: 'Covering Jia', expires }] });
    expect((await refusal(() => exception())).problems[0].message).toBe('an exception needs the day it expires');
    expect((await refusal(() => exception('2020-01-31'))).problems[0].message).toMatch(
      /^an exception must expire after today \(\d{4}-\d{2}-\d{2}\); 2020-01-31 does not$/,
    );
    await exception('2099-01-31');

    const modify = (role: string) =>
      setup.service.decide({ reviewId: 1, decisions: [{ items: [tomas], decision: 'modify', comment: 'Least privilege', role }] });
    expect((await refusal(() => modify('Finance'))).problems[0].message).toBe(
      '"Finance" is not a role at the organization level of Huntress; roles there: User, Admin, Read-Only',
    );
    expect((await refusal(() => modify('admin'))).problems[0].message).toBe(
      `item ${tomas} already is Admin · organization: to leave it so, keep it`,
    );
    await modify('user');
    expect(setup.service.review({ reviewId: 1, decision: 'modify' }).items[0].decision).toMatchObject({
      role: 'User · organization',
      expires: null,
    });
  });

  it('decides many items at once, all or none: one bad item refuses the whole set', async () => {
    setup = await northwind();
    await start();
    const page = setup.service.review({ reviewId: 1, privileged: false, count: 1000 });
    const readers = page.items.filter((i) => i.email !== ELENA).map((i) => i.number);
    const error = await refusal(() =>
      setup.service.decide({
        reviewId: 1,
        decisions: [
          { items: readers, decision: 'keep' },
          { items: [9999], decision: 'keep' },
        ],
      }),
    );
    expect(error.message).toBe('nothing was decided: 1 problem');
    expect(error.problems).toEqual([{ file: 'decision', line: 2, message: 'review #1 has no item 9999 (its items are 1 to 266)' }]);
    expect(setup.service.review({ reviewId: 1 }).review.decided).toBe(0);

    await setup.service.decide({ reviewId: 1, decisions: [{ items: readers, decision: 'keep' }] });
    const after = setup.service.review({ reviewId: 1, undecided: true });
    expect(after.review.decided).toBe(readers.length);
    expect(after.total).toBe(266 - readers.length);
  });

  it('reassigns items or a whole tenant to another reviewer, with a note in the log', async () => {
    setup = await northwind();
    await start();
    const moved = await setup.service.reassign({
      reviewId: 1,
      scope: 'Bayside Dental',
      reviewer: JIA,
      note: 'Pod lead for Bayside',
      by: ELENA,
    });
    expect(moved.reassigned).toBe(11);
    const jia = setup.service.review({ reviewId: 1, reviewer: JIA });
    expect(jia.total).toBe(11);
    expect(jia.progress).toEqual([
      { reviewer: ELENA, items: 255, decided: 0 },
      { reviewer: JIA, items: 11, decided: 0 },
    ]);
    const log = setup.service.reviewLog({ reviewId: 1 });
    expect(log.entries.at(-1)).toMatchObject({
      action: 'reassign',
      actor: ELENA,
      before: { reviewer: ELENA },
      after: { reviewer: JIA, note: 'Pod lead for Bayside' },
    });
    // Jia's own access there is now a self-review.
    const own = jia.items.find((i) => i.email === JIA)!;
    const error = await refusal(() =>
      setup.service.decide({ reviewId: 1, decisions: [{ items: [own.number], decision: 'keep', comment: 'Pod lead' }] }),
    );
    expect(error.problems[0].message).toMatch(/own access: deciding it needs a self-review reason$/);
  });
});

describe('sign-off', () => {
  it('is refused while items are undecided; then records who, when and the statement, and locks the review', async () => {
    setup = await northwind();
    await start({ scope: 'Bayside Dental', reviewers: [{ reviewer: JIA }] });
    const statement = 'I reviewed every item of this review and my decisions are recorded.';
    const early = await refusal(() => setup.service.signOff({ reviewId: 1, name: 'Jia Zhou', statement }));
    expect(early.message).toBe(
      'review #1 cannot be signed off: 11 items are undecided (1, 2, 3, 4, 5 and 6 more); decide every item first',
    );

    const items = allItems(setup.service, 1);
    const own = items.filter((i) => i.email === JIA).map((i) => i.number);
    const others = items.filter((i) => i.email !== JIA).map((i) => i.number);
    await setup.service.decide({
      reviewId: 1,
      decisions: [
        { items: others, decision: 'keep', comment: 'Confirmed with the practice manager' },
        { items: own, decision: 'keep', comment: 'Pod lead', selfReason: 'No other admin covers Bayside' },
      ],
    });
    const signed = await setup.service.signOff({ reviewId: 1, name: 'Jia Zhou', statement });
    expect(signed.status).toBe('signed');
    expect(signed.signOff).toMatchObject({ name: 'Jia Zhou', statement });
    expect(signed.signOff?.chainHead).toBe(setup.service.verifyReview({ reviewId: 1 }).head);

    const locked = /^review #1 was signed off by Jia Zhou on .*: nothing in it can change$/;
    expect(
      (await refusal(() => setup.service.decide({ reviewId: 1, decisions: [{ items: [1], decision: 'revoke', comment: 'x' }] }))).message,
    ).toMatch(locked);
    expect(
      (await refusal(() => setup.service.reassign({ reviewId: 1, items: [1], reviewer: ELENA, note: 'x', by: ELENA }))).message,
    ).toMatch(locked);
    expect((await refusal(() => setup.service.signOff({ reviewId: 1, name: 'Someone', statement }))).message).toMatch(locked);
    // And the database itself refuses, for a program that goes around the app.
    const raw = setup.raw();
    expect(() => raw.exec("UPDATE review_items SET decision = 'revoke' WHERE review_id = 1")).toThrow(
      /this review is signed off: nothing in it can change/,
    );
    expect(() => raw.exec("UPDATE reviews SET status = 'started' WHERE id = 1")).toThrow(/signed off/);
  });
});

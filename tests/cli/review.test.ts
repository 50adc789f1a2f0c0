// `permaudit review` as a user runs it: a review of Northwind MSP's November export from start to
// sign-off, its log verified (and a tampered one caught, exit 4), and the revocations checked in the
// December export; decisions from a CSV file applied all or none, with problems by line.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareCli, root, runCli } from '../support/cli';

let dir: string;
let db: string;
const run = (...args: string[]) => runCli(dir, ...args);
const json = (...args: string[]) => {
  const result = run(...args, '--json');
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

/** Text as one line: where a terminal's width wraps it does not matter. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

const ELENA = 'elena.vasquez@northwind-msp.example';
const JIA = 'jia.zhou@northwind-msp.example';

beforeAll(() => {
  dir = prepareCli('permaudit-review-');
  db = path.join(dir, 'audit.db');
  for (const file of ['huntress-msp.csv', 'huntress-msp-december.csv']) {
    expect(run('import', path.join(root, 'resources/samples', file), '--platform', 'huntress', '--db', db).code).toBe(0);
  }
});

/** The number of the item about one person's role at one tenant. */
function itemNumber(reviewId: number, email: string, tenant: string): number {
  const shown = json('review', 'show', String(reviewId), '--db', db);
  const found = shown.items.filter((i: { email: string; path: string }) => i.email === email && i.path === tenant);
  expect(found).toHaveLength(1);
  return found[0].number;
}

describe('permaudit review', () => {
  it('runs a review from start to sign-off, verifies its log and checks the revocations in December', () => {
    const start = ['review', 'start', '--db', db, '--snapshot', '1', '--name', 'Q4 access review', '--reviewer', ELENA];
    const preview = run(...start, '--reviewer', `Bayside Dental=${JIA}`, '--preview');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('266 items: every one of the 266 assignments in scope (complete)');
    expect(preview.stdout).toContain(`${JIA}: 11 items`);
    expect(preview.stdout.trimEnd().split('\n').at(-1)).toBe('Nothing was started.');

    const started = run(...start, '--reviewer', `Bayside Dental=${JIA}`, '--by', 'Elena Vasquez', '--due', '2027-01-15');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^Started review #1\.\nReview #1 "Q4 access review" · the whole tenancy · snapshot #1/);
    for (const line of started.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    const marcus = itemNumber(1, 'marcus.webb@northwind-msp.example', 'Northwind MSP');
    const tomas = itemNumber(1, 'tomas.herrera@northwind-msp.example', 'Northwind MSP/Bayside Dental');
    const noComment = run('review', 'decide', '1', '--db', db, '--item', String(marcus), '--decision', 'revoke');
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toBe(
      `permaudit: nothing was decided:\n  item ${marcus} (Admin · account at Northwind MSP for marcus.webb@northwind-msp.example): a comment is required to revoke access\n`,
    );
    const revoked = run(
      'review',
      'decide',
      '1',
      '--db',
      db,
      '--item',
      String(marcus),
      '--decision',
      'revoke',
      '--comment',
      'Suspended since September 2025',
    );
    expect(revoked.stdout).toBe('Decided 1 item of review #1: 1 of 266 decided.\n');
    expect(
      run(
        'review',
        'decide',
        '1',
        '--db',
        db,
        '--item',
        String(tomas),
        '--decision',
        'modify',
        '--role',
        'User',
        '--comment',
        'Admin is not needed',
      ).code,
    ).toBe(0);

    // Sign-off waits for every item; then everything else is kept, by someone who is no item's person.
    expect(run('review', 'sign-off', '1', '--db', db, '--name', 'Elena Vasquez', '--statement', 'I reviewed every item.').stderr).toMatch(
      /^permaudit: review #1 cannot be signed off: 264 items are undecided/,
    );
    // A bulk decision on a filtered set: every undecided item, as `review show --undecided` lists them.
    expect(json('review', 'show', '1', '--db', db, '--undecided').total).toBe(264);
    const kept = run(
      'review',
      'decide',
      '1',
      '--db',
      db,
      '--undecided',
      '--decision',
      'keep',
      '--comment',
      'Confirmed with the team leads',
      '--by',
      'Compliance Office',
    );
    expect(kept.stdout).toBe('Decided 264 items of review #1: 266 of 266 decided.\n');
    const signed = run(
      'review',
      'sign-off',
      '1',
      '--db',
      db,
      '--name',
      'Elena Vasquez',
      '--statement',
      'I reviewed every item of this review.',
    );
    expect(signed.stdout).toMatch(/^Signed off review #1: it is locked\.\n {2}chain head [0-9a-f]{64}\n$/);
    const locked = run('review', 'decide', '1', '--db', db, '--item', '1', '--decision', 'dont-know');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/review #1 was signed off by Elena Vasquez on .*: nothing in it can change/);

    const verified = run('review', 'verify', '1', '--db', db);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Review #1's log is intact: 268 entries\.\n {2}chain head ([0-9a-f]{64})\n$/);
    expect(verified.stdout).toContain(signed.stdout.split('chain head ')[1]);
    expect(run('review', 'log', '1', '--db', db).stdout).toMatch(
      /^1\. \d{4}-\d\d-\d\d \d\d:\d\d UTC Elena Vasquez start: started with 266 items\n2\. /,
    );

    const remediation = json('review', 'remediation', '1', '--db', db);
    expect(remediation.entries.map((e: { item: number; detail: string }) => [e.item, e.detail])).toEqual(
      [
        [marcus, 'removed — verified in snapshot #2'],
        [tomas, 'changed to User · organization — verified in snapshot #2'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    expect(oneLine(run('review', 'remediation', '1', '--db', db).stdout)).toMatch(
      /^Review #1's revokes and modifies, checked in snapshot #2 .*: 2 verified, 0 still present, 0 changed otherwise\. /,
    );
    expect(json('review', 'list', '--db', db)).toMatchObject([{ id: 1, status: 'signed', items: 266, decided: 266 }]);
  });

  it('applies decisions from a CSV file all or none, naming each bad line', () => {
    const started = json(
      'review',
      'start',
      '--db',
      db,
      '--snapshot',
      '2',
      '--scope',
      'Bayside Dental',
      '--name',
      'Bayside',
      '--reviewer',
      JIA,
      '--by',
      JIA,
    );
    const id = String(started.review.id);
    const items = started.items as { number: number; email: string }[];
    const [a, b] = items.filter((i) => i.email !== JIA).map((i) => i.number);
    const csv = path.join(dir, 'decisions.csv');
    fs.writeFileSync(
      csv,
      `item,decision,comment,role,expires\n${a},keep,,,\n${b},revoke,,,\n999,keep,,,\n${a},exception,Covering,,2099-12-31\n`,
    );
    const refused = run('review', 'decide', id, '--db', db, '--from-csv', csv);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n').slice(0, 4)).toEqual([
      'permaudit: decisions.csv: nothing was decided',
      expect.stringMatching(/^decisions\.csv:3: item \d+ \(.*\): a comment is required to revoke access$/),
      `decisions.csv:4: review #${id} has no item 999 (its items are 1 to ${items.length})`,
      `decisions.csv:5: item ${a} is decided twice`,
    ]);
    expect(json('review', 'show', id, '--db', db).review.decided).toBe(0);
    fs.writeFileSync(csv, `item,decision,comment\n${a},keep,\n${b},revoke,Moved to another practice\n`);
    expect(run('review', 'decide', id, '--db', db, '--from-csv', csv).stdout).toBe(
      `Decided 2 items of review #${id}: 2 of ${items.length} decided.\n`,
    );
  });

  it('exits 4 when a log entry was altered behind the app', () => {
    const raw = new BetterSqlite3(db);
    raw.exec('DROP TRIGGER review_log_no_update');
    raw.exec("UPDATE review_log SET actor = 'Someone Else' WHERE review_id = 1 AND seq = 2");
    raw.close();
    const result = run('review', 'verify', '1', '--db', db);
    expect(result.code).toBe(4);
    expect(oneLine(result.stdout)).toMatch(
      /^Review #1's log does not verify: entry 2 \(decide item \d+, .*\) does not match its hash: it was changed after it was written\. $/,
    );
  });
});

// Answers sort people by email as the collator orders text. Plain emails are sorted by keys compared
// code by code instead (shared/engine/walk.ts); these tests hold the keys to the collator's order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainSortKey, sortByEmail } from '../../shared/engine/walk';

const collator = new Intl.Collator();
const plain = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789.@_-+%'), maxLength: 12 });
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('sorting people by email', () => {
  it('orders plain emails by their keys exactly as the collator orders the emails, a prefix before what it begins', () => {
    fc.assert(
      fc.property(plain, plain, fc.boolean(), (a, b, extend) => {
        const other = extend ? a + b : b;
        expect(binary(plainSortKey(a) as string, plainSortKey(other) as string)).toBe(Math.sign(collator.compare(a, other)));
      }),
      { seed: 20261201, numRuns: 20_000 },
    );
  });

  it('gives no key to an email the collator must order itself (capitals, accents, other scripts)', () => {
    expect(plainSortKey('ada@msp.test')).toBeDefined();
    for (const email of ['Ada@msp.test', 'zoë@msp.test', 'ad a@msp.test', 'ıa@msp.test']) expect(plainSortKey(email)).toBeUndefined();
  });

  it('sorts as localeCompare does, with or without plain emails among them', () => {
    const emails = fc.array(fc.oneof(plain, fc.string({ unit: fc.constantFrom(...'aAzZ0.@_-éß '), maxLength: 6 })), { maxLength: 30 });
    fc.assert(
      fc.property(emails, (list) => {
        const entries = list.map((email, i) => ({ email, i }));
        const sorted = sortByEmail(entries, entries.map((e) => plainSortKey(e.email)), (e) => e.email, (a, b) => a.i - b.i);
        expect(sorted.map((e) => e.email)).toEqual([...list].sort((a, b) => a.localeCompare(b)));
      }),
      { seed: 20261201, numRuns: 2_000 },
    );
  });
});

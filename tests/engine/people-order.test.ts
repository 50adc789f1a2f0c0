// People are listed as people read them: by name in the locale's order with numbers by value, then
// by email; the same order whether a long-lived host knows everyone's place or an answer sorts its few.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePeople, orderPeople, sortByPerson } from '../../shared/engine/people-order';

const person = (id: number, name: string, email = `p${id}@msp.test`) => ({ id, name, email });
const names = (people: { name: string }[]) => people.map((p) => p.name);

describe('people order', () => {
  it('puts "User 2" before "User 10" and "Émile" among the E\'s', () => {
    const people = ['User 10', 'émile', 'User 2', 'Zoë', 'Eve', 'Ébène', 'user 1', 'Adam'].map((name, i) => person(i, name));
    expect(names([...people].sort(comparePeople))).toEqual(['Adam', 'Ébène', 'émile', 'Eve', 'user 1', 'User 2', 'User 10', 'Zoë']);
  });

  it('orders people without a name by their email, among the names', () => {
    const people = [person(1, 'Bob'), person(2, '', 'carol10@msp.test'), person(3, '', 'carol9@msp.test'), person(4, 'Alice')];
    expect([...people].sort(comparePeople).map((p) => p.name || p.email)).toEqual(['Alice', 'Bob', 'carol9@msp.test', 'carol10@msp.test']);
  });

  it('tells namesakes apart by email, numbers by value there too', () => {
    const people = [person(1, 'Sam Lee', 'sam10@msp.test'), person(2, 'Sam Lee', 'sam2@msp.test')];
    expect([...people].sort(comparePeople).map((p) => p.email)).toEqual(['sam2@msp.test', 'sam10@msp.test']);
  });

  it("sorts the same with everyone's places known as without", () => {
    const text = fc.string({ unit: fc.constantFrom(...'aAbÉé 0129-'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 40 }), (rows) => {
        const people = rows.map(([name, email], id) => person(id, name, `${email}@msp.test`));
        const items = people.flatMap((p) => [
          { p, k: 2 },
          { p, k: 1 },
        ]);
        const then = (a: { k: number }, b: { k: number }) => a.k - b.k;
        const known = sortByPerson(items, (i) => i.p, orderPeople(people), then);
        const sorted = sortByPerson(items, (i) => i.p, undefined, then);
        expect(known).toEqual(sorted);
      }),
      { seed: 20261202, numRuns: 500 },
    );
  });
});

// People in the order people read them: by name as the locale sorts text, with numbers by their value
// ("User 2" before "User 10", "Émile" among the E's), then by email the same way. One order for every
// view, answer and export: whoever lists people sorts them here.

import type { PeopleOrder, User } from '../snapshot';

export type { PeopleOrder };

const natural = new Intl.Collator(undefined, { numeric: true });

/** Text in natural order: as the locale sorts it, runs of digits by their value. */
export const compareNatural = natural.compare;

type Person = Pick<User, 'id' | 'email' | 'name'>;

/** By name (the email where there is none), then email, then id: a total order. */
export function comparePeople(a: Person, b: Person): number {
  return compareNatural(a.name || a.email, b.name || b.email) || compareNatural(a.email, b.email) || a.id - b.id;
}

export function orderPeople(people: Iterable<Person>): Map<number, number> {
  const sorted = [...people].sort(comparePeople);
  return new Map(sorted.map((person, place) => [person.id, place]));
}

/**
 * Compares people in people order: by their places where the order is known (a long-lived host
 * works it out once for everyone, see SnapshotView.knownPeopleOrder), else by comparePeople.
 */
export function peopleComparer(order: PeopleOrder | undefined): (a: Person, b: Person) => number {
  if (!order) return comparePeople;
  return (a, b) => {
    const [pa, pb] = [order.get(a.id), order.get(b.id)];
    return pa !== undefined && pb !== undefined ? pa - pb : comparePeople(a, b);
  };
}

/** Sorts items by their person in people order, then by `then`, then as they came. */
export function sortByPerson<T>(
  items: T[],
  personOf: (item: T) => Person,
  order: PeopleOrder | undefined,
  then: (a: T, b: T) => number,
): T[] {
  const byPerson = peopleComparer(order);
  const index = items.map((_, i) => i);
  index.sort((i, j) => byPerson(personOf(items[i]), personOf(items[j])) || then(items[i], items[j]) || i - j);
  return index.map((i) => items[i]);
}

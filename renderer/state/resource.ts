// What every view shows: nothing asked yet, loading, an answer, or an error with its problems.
import { ApiError } from '../api/bridge';

export type Resource<T> =
  { status: 'idle' } | { status: 'loading'; previous?: T } | { status: 'ready'; data: T } | { status: 'error'; error: ApiError };

export const idle = { status: 'idle' } as const;

export function dataOf<T>(resource: Resource<T>): T | undefined {
  if (resource.status === 'ready') return resource.data;
  if (resource.status === 'loading') return resource.previous;
  return undefined;
}

/**
 * Runs requests so that only the latest one lands: an answer that arrives after a newer question
 * was asked is dropped, so a slow response never overwrites a fresh one.
 */
export function latest() {
  let ticket = 0;
  return async function run<T>(request: () => Promise<T>, land: (resource: Resource<T>) => void, previous?: T): Promise<Resource<T>> {
    const mine = ++ticket;
    land({ status: 'loading', previous });
    let result: Resource<T>;
    try {
      result = { status: 'ready', data: await request() };
    } catch (error) {
      result = { status: 'error', error: ApiError.from(error) };
    }
    if (mine === ticket) land(result);
    return result;
  };
}

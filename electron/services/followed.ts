// Long work a client follows by an id it chose (exports, snapshot diffs): how far it has got while it
// runs, and a cancel that stops it at its next step. The work runs in steps, yielding to the event
// loop between them, so the host keeps answering (progress, cancel, other views) meanwhile.

import { AuditError } from '../../shared/errors';
import { quote } from '../../shared/csv/values';

/** Work of one kind (`what`: "an export") that clients follow: run, progress, cancel. */
export function followed<Progress extends object>(what: string) {
  const running = new Map<string, { progress: Progress; cancelled: boolean }>();
  const refuseRunning = (id: string) => {
    if (running.has(id)) throw new AuditError('usage', `${what} with id ${quote(id)} is already running`);
  };
  return {
    refuseRunning,
    /** Runs `work` under the client's id, its progress kept in `progress` (which the work updates) until it ends. */
    async run<T>(id: string, progress: Progress, work: (isCancelled: () => boolean) => Promise<T>): Promise<T> {
      refuseRunning(id);
      const entry = { progress, cancelled: false };
      running.set(id, entry);
      try {
        return await work(() => entry.cancelled);
      } finally {
        running.delete(id);
      }
    },
    /** How far the work of that id has got; null when none runs. */
    progress(id: string): Progress | null {
      const found = running.get(id);
      return found ? { ...found.progress } : null;
    },
    /** Asks the work of that id to stop at its next step; `cancelled: false` when none runs. */
    cancel(id: string): { cancelled: boolean } {
      const found = running.get(id);
      if (found) found.cancelled = true;
      return { cancelled: found !== undefined };
    },
  };
}

/** A turn of the event loop for everything else waiting. */
export const nextTurn = () => new Promise<void>((resume) => setImmediate(resume));

/**
 * Runs a generator's steps to its end, one per turn of the event loop, copying each progress it
 * yields into `progress`; throws `cancelled()` at the first turn after `isCancelled` says so. The
 * generator is closed however it ends (a diff's reads of the database with it).
 */
export async function inTurns<Progress extends object, T>(
  steps: Generator<Progress, T>,
  progress: Progress,
  isCancelled: () => boolean,
  cancelled: () => AuditError,
): Promise<T> {
  try {
    let next = steps.next();
    while (!next.done) {
      Object.assign(progress, next.value);
      await nextTurn();
      if (isCancelled()) throw cancelled();
      next = steps.next();
    }
    return next.value;
  } finally {
    steps.return(undefined as T);
  }
}

// Long work the host does with progress (an export, a diff) is asked how far it has got while it runs.

/** How often running work is asked how far it has got. */
export const PROGRESS_EVERY_MS = 200;

/** Asks `ask` every PROGRESS_EVERY_MS, handing each progress it answers to `onProgress`; returns the stop. */
export function pollProgress<P>(ask: () => Promise<P | null>, onProgress: (progress: P) => void): () => void {
  const timer = setInterval(() => {
    void ask().then(
      (progress) => progress && onProgress(progress),
      () => undefined,
    );
  }, PROGRESS_EVERY_MS);
  return () => clearInterval(timer);
}

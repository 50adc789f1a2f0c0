// `permaudit … | head`: the reader of stdout may go away before the output is all written. That is
// the end of the output, not an error: the CLI exits 0 without a word (a stack trace would be noise,
// and under `set -o pipefail` a nonzero status would fail the pipeline for a reader's choice).

/** True when a write failed because the reading end of the pipe is closed. */
function closedPipe(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
}

/** Exit quietly when stdout is closed early; ignore a closed stderr (nothing can be said there). */
export function exitQuietlyOnClosedPipes(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!closedPipe(error)) throw error;
    process.exit(0);
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!closedPipe(error)) throw error;
  });
}

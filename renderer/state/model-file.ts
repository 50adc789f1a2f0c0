// A role model file the user picks (the desktop's open dialog; an upload in browser mode), read and
// checked by the back end at once: what the import wizard reads files with, and a side of Changes'
// model comparison.
import type { ImportFile, ModelInfo } from '../../shared/api';
import { ApiError, type Client } from '../api/bridge';
import { latest, type Resource } from './resource';

/** The file picked (null: none yet), what the back end read from it (or its problems), and whether the picker is open. */
export interface ModelFilePick {
  file: ImportFile | null;
  model: Resource<ModelInfo>;
  picking: boolean;
}

export const NO_MODEL_FILE: ModelFilePick = { file: null, model: { status: 'idle' }, picking: false };

/**
 * Lets the user pick one role model file, then reads it with the `model` call: `show` gets the pick at
 * each step. A file picked meanwhile wins over an earlier one still being read; cancelling keeps the pick as it was.
 */
export function modelFilePicker(client: Client) {
  const read = latest();
  return async (current: () => ModelFilePick, show: (pick: ModelFilePick) => void): Promise<void> => {
    show({ ...current(), picking: true });
    let file: ImportFile | null;
    try {
      file = await client.pickModelFile();
    } catch (error) {
      show({ ...current(), picking: false, model: { status: 'error', error: ApiError.from(error) } });
      return;
    }
    if (!file) {
      show({ ...current(), picking: false });
      return;
    }
    const chosen = file;
    show({ file: chosen, model: { status: 'loading' }, picking: false });
    await read(
      () => client.model({ model: chosen }),
      (model) => show({ ...current(), model }),
    );
  };
}

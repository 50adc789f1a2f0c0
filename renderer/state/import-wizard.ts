// The import wizard: files → platform (a built-in one, or a role model file the user picks, read and
// checked at once), date and name → column mapping with a preview → import with progress (and a way
// to cancel it) → a summary, or every problem, or that it was cancelled (and either way nothing written).
import { createStore } from 'zustand/vanilla';
import type { FilePreview, ImportFile, ImportProgress, SnapshotInfo } from '../../shared/api';
import type { DateFormat } from '../../shared/csv/values';
import { ApiError, type Client } from '../api/bridge';
import { modelFilePicker, NO_MODEL_FILE, type ModelFilePick } from './model-file';
import { dataOf, latest, type Resource } from './resource';

export const STEPS = ['files', 'details', 'mapping', 'import'] as const;
export type WizardStep = (typeof STEPS)[number];

export const STEP_TITLES: Record<WizardStep, string> = {
  files: 'Files',
  details: 'Platform',
  mapping: 'Columns',
  import: 'Import',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Which model reads the files: a built-in platform's, or a role model file of the user's. */
export type ModelChoice = 'built-in' | 'file';

export interface WizardState {
  open: boolean;
  step: WizardStep;
  files: ImportFile[];
  /** Picking or uploading files. */
  adding: boolean;
  addError: ApiError | null;
  /** The built-in platform chosen (with a model file: the file's platform, once read). */
  platform: string;
  modelChoice: ModelChoice;
  /** The role model file picked, and what the back end read from it (or its problems). */
  modelFile: ModelFilePick;
  asOf: string;
  name: string;
  /** Explicit column choices (canonical field → header); they apply to every file. */
  mapping: Record<string, string>;
  /** One value for every row of a field the files lack (a missing scope level), by field. */
  set: Record<string, string>;
  /** How slash dates are read ('' = only unambiguous ones). */
  dateFormat: '' | DateFormat;
  preview: Resource<FilePreview[]>;
  /** Progress by file name. */
  progress: Record<string, ImportProgress>;
  result: Resource<SnapshotInfo>;
  /** Cancel was asked for and not yet answered (or answered and the import is stopping). */
  cancelling: boolean;

  start(files?: ImportFile[]): void;
  close(): void;
  pick(): Promise<void>;
  drop(files: File[]): Promise<void>;
  add(files: ImportFile[]): void;
  removeFile(index: number): void;
  setPlatform(platform: string): void;
  setModelChoice(choice: ModelChoice): void;
  /** Lets the user pick a role model file, then reads and checks it. */
  pickModel(): Promise<void>;
  setAsOf(asOf: string): void;
  setName(name: string): void;
  setDateFormat(format: '' | DateFormat): void;
  /** Maps a field to a header; '' leaves it unmapped on purpose, null goes back to detection. */
  setMapping(field: string, header: string | null): Promise<void>;
  /** Gives a field one value for every row; '' takes it back. */
  setValue(field: string, value: string): Promise<void>;
  canAdvance(): boolean;
  /** What keeps the current step from moving on, if anything. */
  blocker(): string | null;
  next(): Promise<void>;
  back(): void;
  refreshPreview(): Promise<void>;
  /** Imports; `allowDuplicate` imports even when a snapshot of the same files exists ("Import anyway"). */
  run(options?: { allowDuplicate?: boolean }): Promise<SnapshotInfo | null>;
  /** Cancels the running (or waiting) import: it ends as a `cancelled` error, nothing written. Too late once the snapshot is being written. */
  cancel(): Promise<void>;
}

export interface WizardOptions {
  /** Called with the new snapshot after a successful import. */
  onImported?(snapshot: SnapshotInfo): void | Promise<void>;
  defaultPlatform?(): string | undefined;
}

export function createWizardStore(client: Client, options: WizardOptions = {}) {
  const runPreview = latest();
  const fresh = () => ({
    step: 'files' as WizardStep,
    files: [] as ImportFile[],
    adding: false,
    addError: null,
    platform: options.defaultPlatform?.() ?? '',
    modelChoice: 'built-in' as ModelChoice,
    modelFile: NO_MODEL_FILE,
    asOf: '',
    name: '',
    mapping: {},
    set: {},
    dateFormat: '' as '' | DateFormat,
    preview: { status: 'idle' } as Resource<FilePreview[]>,
    progress: {},
    result: { status: 'idle' } as Resource<SnapshotInfo>,
    cancelling: false,
  });
  /** The id the running import was given, to cancel it by. */
  let importId: string | null = null;
  const pickModelFile = modelFilePicker(client);

  /** What a preview or an import names as the model: the model file, or the built-in platform. */
  const modelOf = (s: WizardState): { model: ImportFile } | { platform: string } =>
    s.modelChoice === 'file' && s.modelFile.file ? { model: s.modelFile.file } : { platform: s.platform };

  return createStore<WizardState>()((set, get) => {
    const adding = async (files: () => Promise<ImportFile[] | null>) => {
      set({ adding: true, addError: null });
      try {
        const chosen = await files();
        set({ adding: false });
        if (chosen && chosen.length > 0) get().add(chosen);
      } catch (error) {
        set({ adding: false, addError: ApiError.from(error) });
      }
    };
    return {
      open: false,
      ...fresh(),

      start: (files) => {
        set({ open: true, ...fresh() });
        if (files && files.length > 0) get().add(files);
      },
      close: () => {
        if (get().result.status === 'loading') return;
        set({ open: false });
      },
      pick: () => adding(() => client.pickFiles()),
      drop: (files) => adding(() => client.filesFromDrop(files)),
      add: (files) => {
        const known = new Set(get().files.map((f) => f.path));
        set({
          files: [...get().files, ...files.filter((f) => !known.has(f.path))],
          preview: { status: 'idle' },
          result: { status: 'idle' },
        });
      },
      removeFile: (index) => set({ files: get().files.filter((_, i) => i !== index), preview: { status: 'idle' } }),
      setPlatform: (platform) => set({ platform, mapping: {}, set: {}, preview: { status: 'idle' } }),
      setModelChoice: (modelChoice) => {
        if (modelChoice === get().modelChoice) return;
        const fromFile = modelChoice === 'file' ? dataOf(get().modelFile.model)?.platform.id : undefined;
        set({ modelChoice, platform: fromFile ?? options.defaultPlatform?.() ?? '', mapping: {}, set: {}, preview: { status: 'idle' } });
      },
      pickModel: () =>
        pickModelFile(
          () => get().modelFile,
          (modelFile) => {
            const s = get();
            // A new file: the platform is the one it defines, once read (unless the user went back to a built-in one meanwhile).
            const chosen = modelFile.file !== s.modelFile.file;
            const read = modelFile.model.status === 'ready' && s.modelChoice === 'file' ? modelFile.model.data.platform.id : undefined;
            set({
              modelFile,
              ...(chosen ? { platform: '', mapping: {}, set: {}, preview: { status: 'idle' } } : {}),
              ...(read ? { platform: read } : {}),
            });
          },
        ),
      setAsOf: (asOf) => set({ asOf }),
      setName: (name) => set({ name }),
      setDateFormat: (dateFormat) => set({ dateFormat }),
      setMapping: async (field, header) => {
        const mapping = { ...get().mapping };
        if (header === null) delete mapping[field];
        else mapping[field] = header;
        set({ mapping });
        await get().refreshPreview();
      },
      setValue: async (field, value) => {
        const values = { ...get().set };
        if (value.trim() === '') delete values[field];
        else values[field] = value;
        set({ set: values });
        await get().refreshPreview();
      },

      blocker: () => {
        const s = get();
        switch (s.step) {
          case 'files':
            if (s.adding) return 'Adding files…';
            return s.files.length === 0 ? 'Add at least one CSV file' : null;
          case 'details':
            if (s.modelChoice === 'file') {
              const { file, model, picking } = s.modelFile;
              if (picking || model.status === 'loading') return 'Reading the model file…';
              if (model.status === 'error') return 'Fix the model file, or choose another';
              if (!file || model.status !== 'ready') return 'Choose a role model file';
            }
            if (!s.platform) return 'Choose the platform the files come from';
            if (s.asOf && !DATE.test(s.asOf)) return 'The date must be YYYY-MM-DD';
            return null;
          case 'mapping':
            return s.preview.status === 'loading' ? 'Reading the files…' : null;
          case 'import':
            return null;
        }
      },
      canAdvance: () => get().blocker() === null,

      next: async () => {
        if (!get().canAdvance()) return;
        const step = get().step;
        if (step === 'files') set({ step: 'details' });
        else if (step === 'details') {
          set({ step: 'mapping' });
          await get().refreshPreview();
        } else if (step === 'mapping') {
          set({ step: 'import' });
          await get().run();
        }
      },
      back: () => {
        const s = get();
        if (s.result.status === 'loading') return;
        const at = STEPS.indexOf(s.step);
        if (at > 0) set({ step: STEPS[at - 1], result: { status: 'idle' }, progress: {} });
      },

      refreshPreview: async () => {
        const { files, platform, mapping, set: values } = get();
        if (files.length === 0 || !platform) return;
        const model = modelOf(get());
        const explicit = {
          ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
          ...(Object.keys(values).length > 0 ? { set: values } : {}),
        };
        await runPreview(
          () => client.previewImport({ files, ...model, ...explicit }),
          (preview) => set({ preview }),
        );
      },

      run: async (runOptions = {}) => {
        const { files, asOf, name, mapping, set: values, dateFormat } = get();
        const model = modelOf(get());
        const id = crypto.randomUUID();
        importId = id;
        set({ progress: {}, result: { status: 'loading' }, cancelling: false });
        try {
          const snapshot = await client.importFiles(
            {
              importId: id,
              files,
              ...model,
              ...(asOf ? { asOf } : {}),
              ...(name.trim() ? { name: name.trim() } : {}),
              ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
              ...(Object.keys(values).length > 0 ? { set: values } : {}),
              ...(dateFormat ? { dateFormat } : {}),
              ...(runOptions.allowDuplicate ? { allowDuplicate: true } : {}),
            },
            (progress) => set({ progress: { ...get().progress, [progress.file]: progress } }),
          );
          importId = null;
          set({ result: { status: 'ready', data: snapshot }, cancelling: false });
          await options.onImported?.(snapshot);
          return snapshot;
        } catch (error) {
          importId = null;
          set({ result: { status: 'error', error: ApiError.from(error) }, cancelling: false });
          return null;
        }
      },
      cancel: async () => {
        const id = importId;
        if (id === null || get().cancelling) return;
        set({ cancelling: true });
        const answer = await client.cancelImport({ importId: id }).catch(() => ({ cancelled: false }));
        // Too late (the snapshot is being written), or the host did not answer: the import goes on.
        if (!answer.cancelled && importId === id) set({ cancelling: false });
      },
    };
  });
}

export type WizardStore = ReturnType<typeof createWizardStore>;

// IPC channel names, shared by the main process's handlers and the preload.
export const IPC = {
  api: (method: string) => `api:${method}`,
  chooseFiles: 'host:chooseFiles',
  saveText: 'host:saveText',
  menuCommand: 'menu-command',
  importProgress: 'import-progress',
} as const;

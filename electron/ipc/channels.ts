// IPC channel names, shared by the main process's handlers and the preload.
export const IPC = {
  api: (method: string) => `api:${method}`,
  chooseFiles: 'host:chooseFiles',
  chooseModelFile: 'host:chooseModelFile',
  saveText: 'host:saveText',
  /** Sent (synchronously) by the preload with the path of a file dropped on the window. */
  droppedFile: 'host:droppedFile',
  menuCommand: 'menu-command',
  importProgress: 'import-progress',
} as const;

// The desktop app's main process: one locked-down window showing the built renderer, the IPC
// handlers on the audit service, a native menu, and file dialogs. Everything the app knows lives in
// the services; this file only wires Electron to them.

import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type MenuItemConstructorOptions, type WebFrameMain } from 'electron';
import type { MenuCommand } from '../../shared/api';
import { openAuditService, type AuditService } from '../services/audit-service';
import type { ExportFileFormat } from '../services/big-answers';
import { DATABASE_FILE } from '../services/data-dir';
import { CONTENT_SECURITY_POLICY } from '../services/security';
import { IPC } from '../ipc/channels';
import { printPdfWithElectron } from './print-pdf';
import { registerHandlers } from '../ipc/handlers';
import { APP_INDEX_URL, APP_SCHEME, contentType, isAllowedRequest, isAppPage, resolveAppFile } from './app-scheme';

const rendererDir = path.join(__dirname, '..', 'renderer');
let mainWindow: BrowserWindow | null = null;
let service: AuditService | null = null;

/**
 * better-sqlite3 built for Electron's ABI (node_modules keeps the Node build for the CLI and tests):
 * made by scripts/start.mjs in a checkout, shipped in resources/native by the packaged app.
 */
function nativeBinding(): string | undefined {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(app.getAppPath(), 'build', 'electron-native', process.versions.electron, 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

function resourcesDir(): string {
  return app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'resources');
}

function isTrustedSender(frame: WebFrameMain | null): boolean {
  if (!frame || !mainWindow || frame !== mainWindow.webContents.mainFrame) return false;
  return isAppPage(frame.url);
}

function sendMenuCommand(command: MenuCommand) {
  mainWindow?.webContents.send(IPC.menuCommand, command);
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import CSV…', accelerator: 'CmdOrCtrl+O', click: () => sendMenuCommand('import') },
        { label: 'Export CSV…', accelerator: 'CmdOrCtrl+E', click: () => sendMenuCommand('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => sendMenuCommand('find') },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Reload Data', accelerator: 'CmdOrCtrl+R', click: () => sendMenuCommand('reload') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

/** The save dialog's file type for each kind of export. */
const EXPORT_FILTERS: Record<ExportFileFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  html: { name: 'HTML', extensions: ['html'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

function lockDownSession() {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Nothing remote and nothing else from the disk is ever loaded: only app://renderer/… is allowed.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, !app.isPackaged) });
  });
  // The renderer's files, and only those, with the Content-Security-Policy as a header.
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await fs.promises.readFile(file);
      return new Response(body, { headers: { 'Content-Type': contentType(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

// Before the app is ready: app:// behaves like https:// (an origin of its own for 'self' in the CSP,
// a secure context, fetch allowed, and CORS mode, which Vite's <script type="module" crossorigin> uses).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow() {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Permission Auditor',
    show: false,
    icon: path.join(resourcesDir(), 'icons', 'icon.png'),
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link must not open a window (Electronegativity's AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  void mainWindow.loadURL(APP_INDEX_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    lockDownSession();
    service = openAuditService({
      dbPath: path.join(app.getPath('userData'), DATABASE_FILE),
      nativeBinding: nativeBinding(),
      resourcesDir: resourcesDir(),
      longLived: true,
      printPdf: printPdfWithElectron,
      // An export goes where the user says, written by the service a window of rows at a time.
      chooseExportTarget: async (suggestedName, format) => {
        const options = { defaultPath: suggestedName, filters: [EXPORT_FILTERS[format]] };
        const target = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return target.canceled || !target.filePath ? null : { path: target.filePath };
      },
    });
    registerHandlers(ipcMain, service, {
      isTrustedSender,
      dialogs: {
        chooseCsvFiles: async () => {
          const options = {
            properties: ['openFile', 'multiSelections'] as const,
            filters: [{ name: 'CSV exports', extensions: ['csv', 'tsv', 'txt'] }],
          };
          const picked = mainWindow
            ? await dialog.showOpenDialog(mainWindow, { ...options, properties: [...options.properties] })
            : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
          return picked.canceled ? null : picked.filePaths.map((file) => ({ path: file, name: path.basename(file) }));
        },
        chooseModelFile: async () => {
          const options = { properties: ['openFile' as const], filters: [{ name: 'Role model files', extensions: ['json', 'jsonc'] }] };
          const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          const [file] = picked.canceled ? [] : picked.filePaths;
          return file ? { path: file, name: path.basename(file) } : null;
        },
        saveText: async (suggestedName, text) => {
          const isJson = suggestedName.toLowerCase().endsWith('.json');
          const options = {
            defaultPath: suggestedName,
            filters: [isJson ? { name: 'JSON', extensions: ['json'] } : { name: 'CSV', extensions: ['csv'] }],
          };
          const target = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
          if (target.canceled || !target.filePath) return false;
          fs.writeFileSync(target.filePath, text);
          return true;
        },
      },
    });
    Menu.setApplicationMenu(buildMenu());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => service?.close());
}

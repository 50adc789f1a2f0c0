// `npm run dist` packages the desktop app for the platform it runs on, with this configuration.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.permissionauditor.app',
  productName: 'Permission Auditor',
  copyright: 'Copyright © 2026 Permission Auditor',
  directories: { output: 'release', buildResources: 'resources/icons' },
  files: ['package.json', 'dist/**/*', '!dist/{bench,cli,serve}.cjs*', '!node_modules/better-sqlite3/{build,deps,src}/**/*'],
  // node_modules holds better-sqlite3 built for Node (the CLI and tests). The app loads the build for
  // Electron's ABI that `scripts/start.mjs --prepare-only` makes, shipped outside the asar because
  // native code cannot be loaded from inside one; rebuilding node_modules in place would break the CLI.
  npmRebuild: false,
  // Electron's fuses, flipped in the packaged binary: it cannot be run as plain Node, takes no
  // NODE_OPTIONS or --inspect, loads its code only from an integrity-checked app.asar, encrypts its
  // cookie store, and gives file:// no extra powers (the window loads app://, see electron/main/app-scheme.ts).
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  // Nothing is published anywhere: no update feed, no release upload (`npm run dist` also says --publish never).
  publish: null,
  asarUnpack: ['node_modules/better-sqlite3/**/*'],
  extraResources: [
    { from: 'build/native', to: 'native', filter: ['better_sqlite3.node'] },
    { from: 'resources/samples', to: 'samples' },
    { from: 'resources/seeds', to: 'seeds' },
    { from: 'resources/icons', to: 'icons' },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    icon: 'resources/icons',
    maintainer: 'Permission Auditor <support@permissionauditor.app>',
    synopsis: 'Who can do what, where: offline access reviews for MSP security platforms',
  },
  mac: { target: 'dmg', category: 'public.app-category.business', icon: 'resources/icons/icon.icns', hardenedRuntime: true },
  win: { target: 'nsis', icon: 'resources/icons/icon.ico' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
};

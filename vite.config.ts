// The renderer's build: renderer/ → dist/renderer. Relative asset URLs (`base: './'`) so the same
// files load from the browser-mode host and from file:// in the desktop app; no inline scripts or
// styles, so the hosts' strict Content-Security-Policy holds.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/services/security';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/**
 * The built page carries the policy itself: the desktop app loads it from file://, where no response
 * headers exist. (Only in the build: Vite's dev server injects inline scripts. `frame-ancestors` is
 * left to the header, since a <meta> policy may not hold it.)
 */
function contentSecurityPolicyMeta(): Plugin {
  const policy = CONTENT_SECURITY_POLICY.split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'permaudit-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The polyfill would be an inline script; Chromium and Electron support modulepreload natively.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // zod's sources put explanatory comments where Rollup looks for `@__PURE__` annotations; Rollup
      // drops those comments and says so on every build. Nothing is wrong with the bundle.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    // Live-reloading UI against a running host: `npm run serve` in one terminal, then
    // `PERMAUDIT_API=http://127.0.0.1:PORT npm run dev:renderer` and open Vite's address with the
    // host's ?token=. The host checks Host and Origin, so the proxy speaks as the host's own origin.
    proxy: process.env.PERMAUDIT_API
      ? {
          '/api': {
            target: process.env.PERMAUDIT_API,
            changeOrigin: true,
            configure: (proxy) => proxy.on('proxyReq', (request) => request.removeHeader('origin')),
          },
        }
      : undefined,
  },
});

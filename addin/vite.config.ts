// Builds the task pane, the admin console, the web app and the sign-in pages into addin/dist:
// taskpane.html, console.html and app.html side by side, the sign-in pages under auth/ (MSAL's
// redirect page, Office's sign-in dialog), their hashed files (shared chunks too) under
// /pane/. Separate entries: the console's and the web app's code is their own chunks, never
// loaded by the pane.
// Each hashed file gets its brotli (.br, quality 11) and gzip (.gz, level 9) twin, which the
// server sends as they are (server/src/http/delivery.ts); .vite/manifest.json tells the
// server which chunk holds each language's strings, to preload it (http/pane-page.ts).
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { constants } from 'node:zlib';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

export const PANE_ROOT = import.meta.dirname;

/**
 * Two builds into one folder: the pane's pages (taskpane, the sign-in pages), then the tab
 * apps (console, web app), which add their files beside them. Apart, the pane's chunks are
 * cut by the pane's own pages only: in one build with the web app, the libraries the pane
 * shares with it (React DOM, Fluent, TanStack) were split by which pages use each, and the
 * pane downloaded 13 chunks instead of 8, each compressed on its own (171.9 kB gzip against
 * its 170 kB budget, 167.7 kB apart; npm run bench:pane -- --only sizes).
 */
export const APPS_MODE = 'apps';

const PANE_PAGES = {
  taskpane: path.join(PANE_ROOT, 'taskpane.html'),
  'auth-redirect': path.join(PANE_ROOT, 'auth/redirect.html'),
  'auth-dialog': path.join(PANE_ROOT, 'auth/dialog.html'),
};
const APP_PAGES = {
  console: path.join(PANE_ROOT, 'console.html'),
  app: path.join(PANE_ROOT, 'app.html'),
};

/** Both builds into outDir (emptied first); `build` is Vite's, passed in so this config stays a config. */
export async function buildAddin(build: typeof import('vite').build, outDir: string) {
  const configFile = path.join(PANE_ROOT, 'vite.config.ts');
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await build({ configFile, logLevel: 'warn', mode: APPS_MODE, build: { outDir, emptyOutDir: false } });
}

export default defineConfig(({ mode }) => ({
  root: PANE_ROOT,
  base: '/',
  plugins: [
    react(),
    compression({
      include: /^pane\/.*\.(?:js|css|svg|json)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
    }),
  ],
  build: {
    outDir: path.join(PANE_ROOT, 'dist'),
    emptyOutDir: true,
    assetsDir: 'pane',
    target: 'es2022',
    sourcemap: true,
    // The server reads the pane's (.vite/manifest.json) to preload its language's strings.
    manifest: mode === APPS_MODE ? '.vite/apps-manifest.json' : true,
    reportCompressedSize: false,
    // React DOM and Fluent UI make one ~400 kB (115 kB gzip) chunk the pane loads beside its entry
    // (main.tsx imports it, the server preloads it); npm run bench:pane watches the total.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: mode === APPS_MODE ? APP_PAGES : PANE_PAGES,
    },
  },
}));

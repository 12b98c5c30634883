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

export default defineConfig({
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
    manifest: true,
    reportCompressedSize: false,
    // React DOM and Fluent UI make one ~400 kB (115 kB gzip) chunk the pane loads beside its entry
    // (main.tsx imports it, the server preloads it); npm run bench:pane watches the total.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: {
        taskpane: path.join(PANE_ROOT, 'taskpane.html'),
        console: path.join(PANE_ROOT, 'console.html'),
        app: path.join(PANE_ROOT, 'app.html'),
        'auth-redirect': path.join(PANE_ROOT, 'auth/redirect.html'),
        'auth-dialog': path.join(PANE_ROOT, 'auth/dialog.html'),
      },
    },
  },
});

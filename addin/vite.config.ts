// Builds the task pane, the admin console and the sign-in pages into addin/dist:
// taskpane.html and console.html side by side, the sign-in pages under auth/ (MSAL's
// redirect page, Office's sign-in dialog), their hashed files (shared chunks too) under
// /pane/. Separate entries: the console's code is its own chunks, never loaded by the pane.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';

export const PANE_ROOT = import.meta.dirname;

export default defineConfig({
  root: PANE_ROOT,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(PANE_ROOT, 'dist'),
    emptyOutDir: true,
    assetsDir: 'pane',
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    // React, React DOM and Fluent UI make one ~550 kB (160 kB gzip) first paint: npm run bench:pane watches it.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: {
        taskpane: path.join(PANE_ROOT, 'taskpane.html'),
        console: path.join(PANE_ROOT, 'console.html'),
        'auth-redirect': path.join(PANE_ROOT, 'auth/redirect.html'),
        'auth-dialog': path.join(PANE_ROOT, 'auth/dialog.html'),
      },
    },
  },
});

// Builds the task pane into addin/dist: taskpane.html, and hashed files under /pane/.
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
    rollupOptions: { input: path.join(PANE_ROOT, 'taskpane.html') },
  },
});

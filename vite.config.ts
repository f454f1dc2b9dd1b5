import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard: built into dist/renderer, which the gateway serves at `/` (headless and in the
// desktop window alike). Relative asset URLs are not needed: the page always lives at the root.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or data-URL modules: the page runs under `script-src 'self'`.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});

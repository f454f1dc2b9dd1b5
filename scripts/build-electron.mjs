// Bundles the desktop app's main process to dist/electron/main.cjs and the dashboard window's
// preload to dist/electron/preload.cjs, and copies the icons they load at run time beside them.
//
// CommonJS on purpose: a sandboxed preload must be a single CommonJS script, and the main bundle
// follows suit so `package.json#main` needs no loader. Native modules (better-sqlite3, keytar) and
// electron itself stay external: they are loaded from node_modules (unpacked from the asar in
// installers, see electron-builder.yml); everything else is bundled.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';

const outdir = 'dist/electron';
await rm(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir,
  external: ['electron', 'better-sqlite3', 'keytar'],
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { main: 'electron/main/index.ts' },
    platform: 'node',
    // Electron 40 runs Node 24; node22 keeps the output readable on older tooling too.
    target: 'node22',
    // The sources are ESM and use import.meta (the entry finds preload.cjs with it, the keychain
    // store builds its require with it); in a CommonJS bundle it must come from __filename.
    // ("use strict" first, so the banner does not push esbuild's own directive out of place.)
    banner: {
      js: `'use strict';\nconst __gemgateImportMetaUrl = require('node:url').pathToFileURL(__filename).href;`,
    },
    define: {
      'import.meta.url': '__gemgateImportMetaUrl',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
    },
  }),
  build({
    ...common,
    entryPoints: { preload: 'electron/preload/index.ts' },
    // The sandboxed preload has no Node: it is built as browser code that may require('electron').
    platform: 'browser',
    target: 'chrome130',
  }),
]);

await mkdir(`${outdir}/tray`, { recursive: true });
await cp('build/tray', `${outdir}/tray`, { recursive: true });
await cp('build/icons/256x256.png', `${outdir}/icon.png`);

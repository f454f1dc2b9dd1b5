// Bundles the gateway and its CLI into dist/cli.mjs, which bin/gemgate.mjs runs. Runs on `npm ci`
// (the `prepare` script) and before the tests, so `npx gemgate` always matches the sources.
// Dependencies stay external: they are loaded from node_modules as usual.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'proxy/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

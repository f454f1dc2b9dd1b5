#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'gemgate is not built yet: run `npm ci` (or `npm run build:cli`) in the gemgate folder.\n',
  );
  process.exit(1);
}
await import(cli);

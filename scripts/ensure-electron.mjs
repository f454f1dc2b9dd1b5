// Run by `npm start` before `electron .`: makes sure the Electron binary is there, fetching it on
// the first start if need be.
//
// Installing never downloads it (package.json#allowScripts keeps electron's install script from
// running on `npm ci`), so a fresh checkout has Electron's types but no binary. Starting the app is
// the moment a binary is actually needed, so that is when it is fetched: by electron's own
// install.js, which downloads the version pinned in node_modules/electron and checks it against
// the checksums shipped in that package. Set GEMGATE_NO_ELECTRON_DOWNLOAD=1 to forbid the fetch.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function installedBinary() {
  try {
    // In plain Node, the electron package exports the binary's path; it throws when there is none.
    const binary = require('electron');
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

if (installedBinary()) process.exit(0);

const { version } = require('electron/package.json');
if (process.env.GEMGATE_NO_ELECTRON_DOWNLOAD) {
  process.stderr.write(
    `The Electron ${version} binary is not installed and GEMGATE_NO_ELECTRON_DOWNLOAD forbids fetching it.\n`,
  );
  process.exit(1);
}

process.stderr.write(`Fetching Electron ${version} for this machine (first start only)...\n`);
const result = spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: 'inherit' });
if (result.status !== 0 || !installedBinary()) {
  process.stderr.write(
    `Could not fetch Electron ${version}. It needs a network (or ELECTRON_MIRROR pointing at a reachable mirror).\n`,
  );
  process.exit(1);
}

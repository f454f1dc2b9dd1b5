// Preloaded with `node --require`: plays a machine where `npm ci` could not build keytar (no
// libsecret-1-dev, no compiler) and left the optional module out, so `require('keytar')` fails
// exactly as it does when the package is not installed.
const Module = process.getBuiltinModule('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithoutKeytar(request, ...rest) {
  if (request === 'keytar') {
    const error = new Error("Cannot find module 'keytar'");
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};

// @ts-check
/**
 * The layers of proxy/, bottom first. A folder may import only folders listed before it, so the
 * folder graph has no cycles and a change low down never has to know who sits above. Enforced twice:
 * by ESLint while editing (eslint.config.js, one import-zone rule per folder) and by
 * proxy/layers.test.ts, which resolves every import and also fails on a cycle between files.
 * docs/ARCHITECTURE.md draws the same list.
 *
 * Why this order, in short: plain data and helpers (util, gemini, events) know nothing; the Gemini
 * client and what a model can do come next; `failures` says what went wrong in the gateway's own
 * terms (a request the client got wrong among them, which translations report); pure translations
 * come next; the pool decides which key serves; config, store and keys keep state; dispatch, resume,
 * usage and policy serve one request; alerts and backup act on the whole; http speaks to clients and
 * is the only place that turns failures into a dialect's errors; app wires everything; cli runs it.
 */
export const PROXY_LAYERS = [
  'util',
  'gemini',
  'events',
  'log',
  'secrets',
  'upstream',
  'models',
  'failures',
  'translate',
  'pool',
  'config',
  'store',
  'keys',
  'dispatch',
  'resume',
  'usage',
  'policy',
  'alerts',
  'backup',
  'http',
  'app',
  'cli',
];

/**
 * The one file of proxy/ that electron/ may import (relative to proxy/, without extension): the face
 * hosts use (startGateway, the Gateway interface, its events, status and alerts). The desktop never
 * reaches into the gateway's parts, so the gateway can change inside without the desktop knowing.
 * Enforced, like the layers, by ESLint and by proxy/layers.test.ts.
 */
export const ELECTRON_FACE = 'app/gatewayApi';

/**
 * Folders of electron/ that may import more of proxy/: the desktop's test stand-in for the gateway,
 * which folds alerts with the gateway's own AlertFolder so the desktop's tests see what users do.
 */
export const ELECTRON_FACE_EXEMPT = ['test-support'];

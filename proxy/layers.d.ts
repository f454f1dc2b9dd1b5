/** See layers.js: the folders of proxy/, bottom first (a JavaScript module so that eslint.config.js can read it). */
export declare const PROXY_LAYERS: readonly string[];
/** See layers.js: the one file of proxy/ electron/ may import, and the electron/ folders exempt. */
export declare const ELECTRON_FACE: string;
export declare const ELECTRON_FACE_EXEMPT: readonly string[];

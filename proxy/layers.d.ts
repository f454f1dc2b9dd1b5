/** See layers.js: the folders of proxy/, bottom first (a JavaScript module so that eslint.config.js can read it). */
export declare const PROXY_LAYERS: readonly string[];

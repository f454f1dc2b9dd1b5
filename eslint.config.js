// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { ELECTRON_FACE, ELECTRON_FACE_EXEMPT, PROXY_LAYERS } from './proxy/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...PROXY_LAYERS.map((layer, rank) => ({
    // The gateway runs headless too: it must never pull in the desktop shell or the UI. Inside it,
    // each folder imports only the layers below it (proxy/layers.js).
    files: [`proxy/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', 'electron/*'],
              message: 'proxy/ must not import Electron.',
            },
            {
              group: ['**/renderer/**', 'react', 'react-dom'],
              message: 'proxy/ must not import the renderer.',
            },
            ...PROXY_LAYERS.slice(rank + 1).map((above) => ({
              regex: `^(\\.\\./)+${above}(/|$)`,
              message: `proxy/${layer} sits below proxy/${above} and must not import it (see proxy/layers.js).`,
            })),
          ],
        },
      ],
    },
  })),
  {
    // The desktop reaches the gateway only through its face (proxy/layers.js: ELECTRON_FACE).
    files: ['electron/**/*.ts'],
    ignores: ELECTRON_FACE_EXEMPT.map((folder) => `electron/${folder}/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)proxy/(?!${ELECTRON_FACE}(\\.js)?$)`,
              message: `electron/ reaches the gateway only through proxy/${ELECTRON_FACE}.ts (see proxy/layers.js).`,
            },
          ],
        },
      ],
    },
  },
  {
    // The UI reaches the gateway only over HTTP, through renderer/api; from proxy/ it may import the
    // admin API's contract, and types only, so no gateway code can end up in the bundle.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/proxy/**', '!**/proxy/http/admin/contract', '!**/proxy/http/admin/contract.js'],
              message:
                'renderer/ talks to proxy/ only over HTTP (it may import types from proxy/http/admin/contract).',
            },
            {
              group: ['**/proxy/http/admin/contract', '**/proxy/http/admin/contract.js'],
              allowTypeImports: true,
              message: 'Import the admin contract with `import type`: it holds types only.',
            },
            {
              group: [
                '**/electron/**',
                '!**/electron/preload/api',
                '!**/electron/preload/api.js',
                'electron',
              ],
              message:
                'renderer/ must not import Electron (only the type of its bridge, electron/preload/api).',
            },
            {
              group: ['**/electron/preload/api', '**/electron/preload/api.js'],
              allowTypeImports: true,
              message: 'Import the desktop bridge with `import type`: it holds types only.',
            },
          ],
        },
      ],
    },
  },
);

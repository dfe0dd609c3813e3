// Lint enforces the runtime zones of STYLE.md: a wrong import across a boundary is an error, not a review note.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** no-restricted-imports for a zone: forbidden packages (with why) and forbidden path patterns. */
function zone(paths, patterns) {
  return ['error', { paths, patterns }];
}

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload import electron.' };
const noBetterSqlite = { name: 'better-sqlite3', message: 'Only electron/engine/db imports better-sqlite3.' };
const noNodeSsh = { name: 'node-ssh', message: 'Only electron/engine/ssh imports node-ssh.' };
const noReact = { name: 'react', message: 'React belongs to the renderer.' };
const nodeBuiltinRules = nodeBuiltins.map((name) => ({ name, message: 'This zone runs without Node.' }));
const intoRenderer = { group: ['**/renderer/**'], message: 'Only the renderer imports renderer code.' };
const intoElectron = { group: ['**/electron/**'], message: 'The renderer and shared/ never import electron/ code.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'build/**', 'node_modules/**', 'test-results/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': zone([noElectron, noBetterSqlite, noNodeSsh, noReact, ...nodeBuiltinRules], [intoRenderer, intoElectron]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': zone([noElectron, noBetterSqlite, noNodeSsh, ...nodeBuiltinRules], [intoElectron]),
      'no-restricted-globals': ['error', { name: 'process', message: 'The renderer has no process.' }, { name: 'require', message: 'The renderer has no require.' }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/ipc/api.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'patchdeck', message: 'Only renderer/src/ipc/api.ts touches window.patchdeck; components use stores.' }],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    ignores: ['electron/engine/db/**'],
    rules: { 'no-restricted-imports': zone([noElectron, noBetterSqlite, noNodeSsh, noReact], [intoRenderer]) },
  },
  {
    files: ['electron/engine/db/**/*.ts'],
    rules: { 'no-restricted-imports': zone([noElectron, noNodeSsh, noReact], [intoRenderer]) },
  },
  {
    // The SSH layer is the one home of node-ssh.
    files: ['electron/engine/ssh/**/*.ts'],
    rules: { 'no-restricted-imports': zone([noElectron, noBetterSqlite, noReact], [intoRenderer]) },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': zone(
        [noBetterSqlite, noNodeSsh, noReact, { name: 'electron', importNames: ['ipcMain'], message: 'Only electron/main/ipc-register.ts imports ipcMain.' }],
        [intoRenderer],
      ),
    },
  },
  {
    files: ['electron/main/ipc-register.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': zone([noBetterSqlite, noNodeSsh, noReact], [intoRenderer]) },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': zone([noBetterSqlite, noNodeSsh, noReact, { name: 'zod', message: 'The preload stays small: channel names come from shared/ipc/channel-names.ts.' }], [intoRenderer, { group: ['**/contract'], message: 'The preload imports channel-names, not the zod contract.' }]),
    },
  },
  {
    files: ['test/**/*.ts', '**/*.mjs', '**/*.cjs', '*.config.*'],
    rules: { 'no-restricted-syntax': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);

// Lint rules, including the layer boundaries of STYLE.md: each folder may only import what sits
// below it, and the message names what to use instead.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'admin/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict([
      {
        group: ['**/store/**', '**/services/**', '**/server/**', '**/cli/**', '**/jobs/**'],
        message: 'domain/ is pure: pass data in instead.',
      },
      {
        group: ['kysely', 'fastify', 'pg', 'better-sqlite3', 'node:fs', 'node:net'],
        message: 'domain/ does no I/O.',
      },
    ]),
  },
  {
    files: ['src/store/**/*.ts'],
    rules: restrict([
      {
        group: ['**/services/**', '**/server/**', '**/cli/**', '**/jobs/**'],
        message: 'store/ sits below services/.',
      },
    ]),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: restrict([
      {
        group: ['**/server/**', '**/cli/**', '**/jobs/**'],
        message: 'services/ must not know who calls them.',
      },
      { group: ['kysely'], message: 'SQL lives in store/: add a repository method.' },
    ]),
  },
  {
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts', 'src/jobs/**/*.ts'],
    rules: restrict([
      { group: ['kysely', 'pg', 'better-sqlite3'], message: 'SQL lives in store/: call a service.' },
      { group: ['**/store/*.repository.ts'], message: 'Call a service rather than a repository.' },
    ]),
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only src/config/ reads the environment; take a Config.',
        },
      ],
    },
  },
  {
    files: ['admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([
      {
        group: ['**/src/*', '!**/src/shared', '**/src/!(shared)/**'],
        message: 'The console imports src/shared only.',
      },
    ]),
  },
);

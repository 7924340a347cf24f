// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const importX = require('eslint-plugin-import-x');

const nodeBuiltins = require('node:module').builtinModules.flatMap((m) => [m, `node:${m}`]);

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tools/**',
      '.hale/**',
      'coverage/**',
      '**/*.js',
      'schemas/types.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: __dirname } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        importX.createNodeResolver({ extensions: ['.ts', '.js', '.json', '.d.ts'] }),
      ],
      'import-x/external-module-folders': ['node_modules'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['cli/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Workflow code runs inside Temporal's deterministic sandbox.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Workflow code must be deterministic: no Node builtins.',
            })),
            ...[
              'pg',
              '@grpc/grpc-js',
              '@temporalio/client',
              '@temporalio/worker',
              '@temporalio/activity',
              '@electric-sql/pglite',
              'pino',
              'fastify',
            ].map((name) => ({
              name,
              message: 'Workflow code imports only @temporalio/workflow and types.',
            })),
          ],
          patterns: [
            {
              group: [
                '../activities/*',
                '../activities',
                '../lib/*',
                '../api/*',
                '../workers/*',
                '../cli/*',
                '../runner-agents/*',
              ],
              allowTypeImports: true,
              message: 'Workflows import other Hale modules as types only.',
            },
          ],
        },
      ],
    },
  },
);

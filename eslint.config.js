// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: why })) }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  // Imports flow one way: adapters (http) → pipeline → domain; infra implements domain ports;
  // only app/ and bin/ wire things together.
  layer(['src/domain/*.ts'], ['../*'], 'domain/ is pure: it imports nothing else of ours.'),
  layer(['src/domain/ports/*.ts'], ['../../*'], 'domain/ is pure: it imports nothing else of ours.'),
  layer(
    ['src/pipeline/**/*.ts'],
    ['**/infra/**', '**/http/**', '**/app/**', '**/adapters/**'],
    'pipeline/ uses ports from domain/, not implementations.',
  ),
  layer(
    ['src/http/**/*.ts', 'src/adapters/**/*.ts'],
    ['**/infra/**', '**/app/**'],
    'Adapters get ports from the composition root, never infra directly.',
  ),
  layer(['src/infra/**/*.ts'], ['**/http/**', '**/app/**', '**/adapters/**'], 'infra/ implements ports; it does not call adapters.'),
  layer(['src/config/**/*.ts'], ['../*'], 'config/ stands alone.'),
);

// Lint, and the rooms of src/ enforced (as vscode-copilot-chat does with its layers): the
// `local/rooms` rule resolves every import and refuses what crosses a wall (test/lint/rooms.mjs
// says which): src/core and the webview never import `vscode`, the webview never imports host
// code or `undici`, and a feature imports only itself, src/platform and src/core.
import tseslint from 'typescript-eslint';
import { roomsRule } from './test/lint/rooms.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'dist-vsix/**', '.vscode-test/**', 'reports/**', '.stryker-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { local: { rules: { rooms: roomsRule } } },
    rules: { 'local/rooms': 'error' },
  },
);

// Layers, enforced (as vscode-copilot-chat does): src/core and the webview bundle never import
// `vscode`; the webview never imports host code; src/core never imports a feature folder.
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'src/core and src/webview are plain TypeScript: they must not import vscode.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'dist-vsix/**', '.vscode-test/**'] },
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
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['../common/*', '../../common/*', '../*/feature*', '../webview/*', '../../webview/*'], message: 'src/core depends on nothing above it.' }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, { name: 'undici', message: 'The webview has no network.' }],
        patterns: [{ group: ['../common/*', '../*/*', '!../core/protocol/*', '!../core/*'], message: 'The webview shares only src/core with the host.' }],
      }],
    },
  },
);

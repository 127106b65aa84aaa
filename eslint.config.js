// ESLint flat config: the recommended rules, on the search client (browser modules), its
// Node tests, and the Node scripts of the browser tests and the search bench.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['themes/default/static/js/**/*.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['tests/js/**/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
  },
  {
    // Node scripts driving Chromium: the functions they pass to the page run in it.
    files: ['tests/browser/**/*.mjs', 'benches/**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
];

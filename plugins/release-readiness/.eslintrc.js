module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The tests' helpers (src/testing, Backstage's __testUtils__ by another name): imported by
      // tests only, never built. Their imports are checked by knip instead.
      files: ['src/testing/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
      },
    },
    {
      // Tests run in Node and may read their fixtures from disk; the browser code may not.
      files: ['src/**/*.test.*', 'src/testing/**'],
      rules: {
        'no-restricted-imports': ['error', { patterns: ['@mui/*/*/*'] }],
      },
    },
  ],
});

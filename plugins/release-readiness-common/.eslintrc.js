module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The tests' helpers (src/testUtils, Backstage's __testUtils__ by another name): imported by
      // tests only, never built (but for index.ts, the ./testUtils entry point, which re-exports
      // the sample evidence). Their imports are checked by knip instead.
      files: ['src/testUtils/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'no-restricted-syntax': 'off',
        'jest/no-export': 'off',
      },
    },
  ],
});

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // Helpers named expect… (expectGenerated) assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
  overrides: [
    {
      // A private workspace of tests, run from this repository and never built: its files
      // find the repository's folders from where they are.
      files: ['src/**'],
      rules: {
        'no-restricted-syntax': 'off',
      },
    },
  ],
});

module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // A private workspace that measures the plugins' internals (store, router, document model),
    // which no package exports; it is never built or published.
    '@backstage/no-relative-monorepo-imports': 'off',
  },
});

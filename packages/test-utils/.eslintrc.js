module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // src/setupTests.ts asks every test for an assertion from a beforeEach.
    'jest/no-standalone-expect': [
      'error',
      { additionalTestBlockFunctions: ['beforeEach'] },
    ],
  },
});

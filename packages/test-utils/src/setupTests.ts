/*
 * Imported by each workspace package's src/setupTests.ts (which Backstage's
 * Jest config loads after the test framework): a test that makes no
 * assertion fails, so no test can pass without checking something.
 */
beforeEach(() => {
  expect.hasAssertions();
});

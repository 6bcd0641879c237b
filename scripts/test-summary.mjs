#!/usr/bin/env node
// Reads a Jest (--json) or Playwright (json reporter) result file and prints
// "<passed> <failed> <skipped>" on stdout; the names of skipped, pending and
// todo tests go to stderr. A skipped test counts as a failure in scripts/test.sh:
// a test that cannot run must say so, never pass silently.
//
// Usage: node scripts/test-summary.mjs jest|playwright <result.json>
import fs from 'node:fs';

const [kind, file] = process.argv.slice(2);
const result = JSON.parse(fs.readFileSync(file, 'utf8'));
const skippedNames = [];

function jest() {
  for (const suite of result.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (['pending', 'skipped', 'todo', 'disabled'].includes(t.status)) {
        skippedNames.push(`${suite.name}: ${t.fullName ?? t.title}`);
      }
    }
  }
  return [
    result.numPassedTests,
    result.numFailedTests + result.numRuntimeErrorTestSuites,
    result.numPendingTests + result.numTodoTests,
  ];
}

function playwright() {
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'skipped') {
          skippedNames.push(
            `${[...titles, spec.title].join(' › ')} [${test.projectName}]`,
          );
        }
      }
    }
    for (const child of suite.suites ?? [])
      walk(child, [...titles, child.title]);
  };
  for (const suite of result.suites ?? []) walk(suite, [suite.title]);
  const s = result.stats;
  return [s.expected + s.flaky, s.unexpected, s.skipped];
}

const counts = kind === 'jest' ? jest() : playwright();
for (const name of skippedNames) console.error(`[gradual] skipped: ${name}`);
console.log(counts.join(' '));

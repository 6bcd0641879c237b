import { InputError } from '@backstage/errors';
import {
  ConditionEvaluationError,
  evaluateCondition,
} from './evaluateCondition';
import { UnsupportedConditionError } from './parseCondition';

describe('evaluateCondition', () => {
  // Conditions from the Argo Rollouts analysis docs
  // (https://argo-rollouts.readthedocs.io/en/stable/features/analysis/), with `result` as
  // the Prometheus provider builds it (vector → array, scalar → number).
  describe("Argo's documented examples", () => {
    it.each([
      ['result[0] >= 0.95', [0.97], true],
      ['result[0] >= 0.95', [0.9], false],
      ['result[0] <= 0.95', [0.95], true],
      ['result[0] >= 10', [9], false],
      ['len(result) == 0 || result[0] >= 0.95', [], true],
      ['len(result) == 0 || result[0] >= 0.95', [0.5], false],
      ['len(result) > 0 && result[0] >= 0.95', [], false],
      ['len(result) == 0 || result[0] < 0.01', [0.001], true],
      ['all(result, {# > 0.9})', [0.95, 0.91], true],
      ['all(result, {# > 0.9})', [0.95, 0.5], false],
      ['any(result, {# > 0.9})', [0.2, 0.95], true],
      ['isNaN(result) || result >= 0.95', NaN, true],
      ['isNaN(result) || result >= 0.95', 0.5, false],
      ['isInf(result)', Infinity, true],
      ['isInf(result)', -Infinity, true],
      ['isInf(result)', 3, false],
      ['default(result, 0) < 0.05', null, true],
      ['default(result, 0) < 0.05', 0.2, false],
      ['default(result, 0) > 5', 7, true],
      ["result == 'true'", 'true', true],
      // A web provider returning the JSON boolean `false` (Argo's fixture): not equal, no error.
      ["result == 'true'", false, false],
      ['result.ok && result.count > 10', { ok: true, count: 11 }, true],
      ['result > 1', 5, true],
    ] as const)('%s with result %j → %s', (condition, result, expected) => {
      expect(evaluateCondition(condition, result as any)).toBe(expected);
    });
  });

  // https://github.com/argoproj/argo-rollouts/blob/v1.8.5/utils/evaluate/evaluate_test.go
  describe("Argo Rollouts' evaluate tests", () => {
    it('walks nested maps and applies a predicate', () => {
      const result = {
        service_apdex: { label: null, values: { values: [2, 2] } },
      };
      expect(
        evaluateCondition(
          'all(result.service_apdex.values.values, {# > 1})',
          result,
        ),
      ).toBe(true);
    });

    it('supports in on arrays', () => {
      expect(evaluateCondition('2 in result', [2, 2])).toBe(true);
      expect(evaluateCondition('3 in result', [2, 2])).toBe(false);
    });

    it('parses numbers with asInt and asFloat', () => {
      expect(evaluateCondition('asInt(result) == 1', '1')).toBe(true);
      expect(evaluateCondition('asInt(result) == 1', 1.123)).toBe(true);
      expect(evaluateCondition('asFloat(result) >= 1.1', '1.1')).toBe(true);
      expect(() => evaluateCondition('asInt(result) == 1.1', '1.1')).toThrow(
        ConditionEvaluationError,
      );
      expect(() =>
        evaluateCondition('asFloat(result) == 1.1', 'NotANum'),
      ).toThrow(/cannot parse "NotANum"/);
    });

    it('requires a boolean outcome', () => {
      expect(() => evaluateCondition('1', true)).toThrow(
        'expected bool, but got int',
      );
      expect(evaluateCondition('result == true', true)).toBe(true);
      expect(evaluateCondition('result == false', true)).toBe(false);
    });
  });

  describe('expr-lang semantics', () => {
    it('applies precedence: and binds tighter than or, arithmetic tighter than comparison', () => {
      expect(evaluateCondition('true || false && false', null)).toBe(true);
      expect(evaluateCondition('1 + 2 * 3 == 7', null)).toBe(true);
      expect(evaluateCondition('2 ** 3 ** 2 == 512', null)).toBe(true);
      expect(evaluateCondition('-2 ** 2 == -4', null)).toBe(true);
      expect(evaluateCondition('(1 + 2) * 3 == 9', null)).toBe(true);
    });

    it('accepts the word and symbol forms of the logical operators', () => {
      expect(
        evaluateCondition('not (result[0] > 1) and result[0] >= 0', [0.5]),
      ).toBe(true);
      expect(
        evaluateCondition('!(result[0] > 1) && result[0] >= 0', [0.5]),
      ).toBe(true);
      expect(evaluateCondition('result[0] > 1 or result[0] < 0', [0.5])).toBe(
        false,
      );
    });

    it('divides as floats and indexes from the end with negative indexes', () => {
      expect(evaluateCondition('5 / 2 == 2.5', null)).toBe(true);
      expect(evaluateCondition('result[-1] == 3', [1, 2, 3])).toBe(true);
      expect(evaluateCondition('7 % 4 == 3', null)).toBe(true);
    });

    it('short-circuits so that a guard protects an index', () => {
      expect(evaluateCondition('len(result) > 0 && result[0] > 1', [])).toBe(
        false,
      );
    });

    it('compares strings and concatenates them', () => {
      expect(evaluateCondition('"a" + "b" == "ab"', null)).toBe(true);
      expect(evaluateCondition("'abc' < 'abd'", null)).toBe(true);
    });

    it('treats NaN like Go: every comparison with it is false', () => {
      expect(evaluateCondition('result >= 0.95', NaN)).toBe(false);
      expect(evaluateCondition('result < 0.95', NaN)).toBe(false);
    });

    it('supports nested predicates with the innermost # in scope', () => {
      expect(
        evaluateCondition('all(result, {any(#, {# > 2})})', [[1, 3], [4]]),
      ).toBe(true);
      expect(evaluateCondition('all(result, # > 0)', [1, 2])).toBe(true);
    });

    it('gives len of strings, arrays and maps', () => {
      expect(evaluateCondition('len(result) == 2', { a: 1, b: 2 })).toBe(true);
      expect(evaluateCondition('len("héllo") == 5', null)).toBe(true);
    });
  });

  describe('run-time errors (a measurement in phase Error)', () => {
    it.each([
      ['result[0] >= 0.95', [], /index out of range: 0 \(array length is 0\)/],
      ['result > "a"', 1, /mismatched types int and string/],
      ['isNaN(result)', [1], /isNaN\(\) expects a number, got array/],
      ['result and true', 1, /expected bool/],
      ['result.a > 1', 3, /cannot fetch "a" from int/],
    ] as const)('%s with %j', (condition, result, message) => {
      expect(() => evaluateCondition(condition, result as any)).toThrow(
        message,
      );
    });
  });

  describe('conditions outside the supported subset (400)', () => {
    it.each([
      [
        'result matches "^a"',
        /the string operator "matches" at column 8 is not supported/,
      ],
      ['result[0] > 1 ? true : false', /the conditional operator "\?"/],
      ['result ?? 1', /nil-coalescing/],
      ['filter(result, # > 1)', /unknown function "filter"/],
      ['foo > 1', /unknown name "foo"/],
      ['len(result, 2) > 1', /len\(\) takes 1 argument\(s\), got 2/],
      ['# > 1', /# is only allowed inside the predicate/],
      ['{result > 1}', /only allowed as the second argument/],
      ['result[0] >=', /expected/],
      ['', /empty/],
      ['result | len()', /the pipe operator/],
    ])('%s', (condition, message) => {
      let error: unknown;
      try {
        evaluateCondition(condition, [1]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnsupportedConditionError);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    });
  });
});

import { evaluateResult } from './evaluateResult';

// The cases of Argo Rollouts' TestEvaluateResult* tests
// (https://github.com/argoproj/argo-rollouts/blob/v1.8.5/utils/evaluate/evaluate_test.go), with `result = true`.
describe('evaluateResult', () => {
  it.each([
    ['true', 'false', 'Successful'],
    ['true', 'true', 'Failed'], // the failure condition wins
    ['false', 'false', 'Inconclusive'],
    ['', 'false', 'Successful'],
    ['false', '', 'Failed'],
    ['', '', 'Successful'],
    ['', 'true', 'Failed'],
    ['true', '', 'Successful'],
  ])(
    'success %j, failure %j → %s',
    (successCondition, failureCondition, phase) => {
      expect(
        evaluateResult(true, { successCondition, failureCondition }),
      ).toEqual({ phase });
    },
  );

  it('marks a run-time error as Error with the condition in the message', () => {
    expect(
      evaluateResult([0.5], {
        successCondition: 'result[1] > 0',
        failureCondition: 'true',
      }),
    ).toEqual({
      phase: 'Error',
      message:
        'could not evaluate successCondition "result[1] > 0": index out of range: 1 (array length is 1)',
    });
  });

  it('says "no data" when the result is empty, as Argo does', () => {
    expect(
      evaluateResult([], { successCondition: 'result[0] >= 0.95' }),
    ).toEqual({
      phase: 'Error',
      message:
        'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider',
    });
  });

  it('reports an error in the failure condition', () => {
    expect(
      evaluateResult(1, {
        successCondition: 'true',
        failureCondition: 'result[0] > 1',
      }),
    ).toMatchObject({
      phase: 'Error',
      message: expect.stringMatching(/^could not evaluate failureCondition/),
    });
  });

  it('applies the Prometheus examples', () => {
    const metric = {
      successCondition: 'result[0] >= 0.95',
      failureCondition: 'result[0] < 0.50',
    };
    expect(evaluateResult([0.97], metric).phase).toBe('Successful');
    expect(evaluateResult([0.7], metric).phase).toBe('Inconclusive');
    expect(evaluateResult([0.4], metric).phase).toBe('Failed');
  });
});

import { BinaryOperator, ConditionNode, FunctionName } from './conditionAst';
import { parseCondition } from './parseCondition';

/**
 * A value of `result` as Argo builds it: a number, a string, a boolean, nil,
 * an array (a Prometheus vector is an array of numbers) or a JSON object (web provider).
 */
export type ResultValue =
  | number
  | string
  | boolean
  | null
  | ResultValue[]
  | { [key: string]: ResultValue };

/**
 * A condition that parsed but failed at run time (a type mismatch, an index out
 * of range, a non-boolean outcome). Argo marks such a measurement `Error`.
 */
export class ConditionEvaluationError extends Error {
  name = 'ConditionEvaluationError';
}

function fail(message: string): never {
  throw new ConditionEvaluationError(message);
}

/** expr-lang names Go types in its errors; these are the names users see from Argo. */
export function typeName(value: ResultValue | undefined): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) ? 'int' : 'float64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

function isMap(value: ResultValue): value is { [key: string]: ResultValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepEqual(a: ResultValue, b: ResultValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => key in b && deepEqual(a[key], b[key]))
    );
  }
  return a === b;
}

function expectBool(value: ResultValue, operator: string): boolean {
  if (typeof value !== 'boolean') {
    fail(
      `invalid operation: ${operator} on ${typeName(value)} (expected bool)`,
    );
  }
  return value;
}

function expectNumber(value: ResultValue, what: string): number {
  if (typeof value !== 'number') {
    fail(`${what} expects a number, got ${typeName(value)}`);
  }
  return value;
}

function compare(
  operator: '<' | '<=' | '>' | '>=',
  left: ResultValue,
  right: ResultValue,
) {
  const sameKind =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!sameKind) {
    fail(
      `invalid operation: ${operator} (mismatched types ${typeName(
        left,
      )} and ${typeName(right)})`,
    );
  }
  const l = left as number | string;
  const r = right as number | string;
  switch (operator) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    default:
      return l >= r;
  }
}

function arithmetic(
  operator: '+' | '-' | '*' | '/' | '%' | '**',
  left: ResultValue,
  right: ResultValue,
) {
  if (
    operator === '+' &&
    typeof left === 'string' &&
    typeof right === 'string'
  ) {
    return left + right;
  }
  if (typeof left !== 'number' || typeof right !== 'number') {
    fail(
      `invalid operation: ${operator} (mismatched types ${typeName(
        left,
      )} and ${typeName(right)})`,
    );
  }
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      // expr-lang's `/` always divides as float64.
      return left / right;
    case '%':
      if (!Number.isInteger(left) || !Number.isInteger(right)) {
        fail(
          `invalid operation: % (mismatched types ${typeName(
            left,
          )} and ${typeName(right)})`,
        );
      }
      if (right === 0) fail('integer divide by zero');
      return left % right;
    default:
      return left ** right;
  }
}

function membership(element: ResultValue, container: ResultValue): boolean {
  if (Array.isArray(container))
    return container.some(item => deepEqual(item, element));
  if (isMap(container)) {
    if (typeof element !== 'string')
      fail(`cannot use ${typeName(element)} as a map key`);
    return element in container;
  }
  return fail(
    `invalid operation: in (mismatched types ${typeName(
      element,
    )} and ${typeName(container)})`,
  );
}

function index(target: ResultValue, key: ResultValue): ResultValue {
  if (Array.isArray(target) || typeof target === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      fail(`cannot use ${typeName(key)} as an index of ${typeName(target)}`);
    }
    const length = target.length;
    // expr-lang accepts negative indexes, counted from the end.
    const position = key < 0 ? length + key : key;
    if (position < 0 || position >= length) {
      fail(`index out of range: ${key} (array length is ${length})`);
    }
    return Array.isArray(target) ? target[position] : target[position];
  }
  if (isMap(target)) {
    if (typeof key !== 'string')
      fail(`cannot use ${typeName(key)} as a map key`);
    return Object.prototype.hasOwnProperty.call(target, key)
      ? target[key]
      : null;
  }
  return fail(`cannot fetch ${JSON.stringify(key)} from ${typeName(target)}`);
}

function parseNumber(value: ResultValue, name: 'asInt' | 'asFloat'): number {
  if (typeof value === 'number')
    return name === 'asInt' ? Math.trunc(value) : value;
  if (typeof value === 'string') {
    const pattern =
      name === 'asInt'
        ? /^[+-]?\d+$/
        : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    if (pattern.test(value.trim())) return Number(value);
    if (name === 'asFloat' && /^[+-]?(inf|infinity)$/i.test(value)) {
      return value.startsWith('-') ? -Infinity : Infinity;
    }
    if (name === 'asFloat' && /^nan$/i.test(value)) return NaN;
    fail(`${name}(): cannot parse ${JSON.stringify(value)}`);
  }
  return fail(`${name}() not supported on ${typeName(value)}`);
}

interface Environment {
  result: ResultValue;
  element?: ResultValue;
}

function callFunction(
  callee: FunctionName,
  args: ConditionNode[],
  env: Environment,
): ResultValue {
  switch (callee) {
    case 'len': {
      const value = evaluate(args[0], env);
      if (typeof value === 'string') return [...value].length;
      if (Array.isArray(value)) return value.length;
      if (isMap(value)) return Object.keys(value).length;
      return fail(`invalid argument for len (type ${typeName(value)})`);
    }
    case 'all':
    case 'any': {
      const collection = evaluate(args[0], env);
      if (!Array.isArray(collection)) {
        fail(`cannot use ${typeName(collection)} as the array of ${callee}()`);
      }
      const test = (element: ResultValue) =>
        expectBool(
          evaluate(args[1], { ...env, element }),
          `the predicate of ${callee}()`,
        );
      return callee === 'all' ? collection.every(test) : collection.some(test);
    }
    case 'isNaN':
      return Number.isNaN(expectNumber(evaluate(args[0], env), 'isNaN()'));
    case 'isInf': {
      const value = expectNumber(evaluate(args[0], env), 'isInf()');
      return value === Infinity || value === -Infinity;
    }
    // Argo's isNil and default look at `result`, whatever their first argument is.
    case 'isNil':
      return env.result === null;
    case 'default':
      return env.result === null ? evaluate(args[1], env) : env.result;
    case 'asInt':
    case 'asFloat':
      return parseNumber(evaluate(args[0], env), callee);
    default:
      return fail(`unknown function ${callee}`);
  }
}

function evaluateBinary(
  operator: BinaryOperator,
  leftNode: ConditionNode,
  rightNode: ConditionNode,
  env: Environment,
): ResultValue {
  if (operator === 'and') {
    return (
      expectBool(evaluate(leftNode, env), 'and') &&
      expectBool(evaluate(rightNode, env), 'and')
    );
  }
  if (operator === 'or') {
    return (
      expectBool(evaluate(leftNode, env), 'or') ||
      expectBool(evaluate(rightNode, env), 'or')
    );
  }
  const left = evaluate(leftNode, env);
  const right = evaluate(rightNode, env);
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case 'in':
      return membership(left, right);
    default:
      return arithmetic(operator, left, right);
  }
}

function evaluate(node: ConditionNode, env: Environment): ResultValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'array':
      return node.items.map(item => evaluate(item, env));
    case 'name':
      return node.name === 'result' ? env.result : env.element ?? null;
    case 'index':
      return index(evaluate(node.target, env), evaluate(node.index, env));
    case 'unary': {
      const operand = evaluate(node.operand, env);
      if (node.operator === 'not') return !expectBool(operand, 'not');
      const value = expectNumber(operand, `unary ${node.operator}`);
      return node.operator === '-' ? -value : value;
    }
    case 'binary':
      return evaluateBinary(node.operator, node.left, node.right, env);
    case 'call':
      return callFunction(node.callee, node.args, env);
    default:
      return fail('unsupported expression');
  }
}

/** Evaluates a parsed condition; the outcome must be a boolean, as in Argo. */
export function evaluateParsedCondition(
  node: ConditionNode,
  result: ResultValue,
): boolean {
  const outcome = evaluate(node, { result });
  if (typeof outcome !== 'boolean') {
    fail(`expected bool, but got ${typeName(outcome)}`);
  }
  return outcome;
}

/**
 * Evaluates an Argo `successCondition` / `failureCondition` against `result`.
 * Throws `UnsupportedConditionError` (an `InputError`) when the condition is
 * outside the supported subset, `ConditionEvaluationError` when it fails at run time.
 */
export function evaluateCondition(
  condition: string,
  result: ResultValue,
): boolean {
  return evaluateParsedCondition(parseCondition(condition), result);
}

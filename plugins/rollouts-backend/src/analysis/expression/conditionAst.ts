/**
 * The syntax tree of a `successCondition` / `failureCondition`: the subset of
 * Argo's expression language (expr-lang) that Gradual evaluates.
 */
export type ConditionNode =
  | { kind: 'literal'; value: number | string | boolean | null }
  | { kind: 'array'; items: ConditionNode[] }
  /** `result`, or `#` (the current element inside an `all` / `any` predicate). */
  | { kind: 'name'; name: 'result' | '#' }
  | { kind: 'index'; target: ConditionNode; index: ConditionNode }
  | { kind: 'unary'; operator: UnaryOperator; operand: ConditionNode }
  | {
      kind: 'binary';
      operator: BinaryOperator;
      left: ConditionNode;
      right: ConditionNode;
    }
  | { kind: 'call'; callee: FunctionName; args: ConditionNode[] };

export type UnaryOperator = 'not' | '-' | '+';

export type BinaryOperator =
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**';

/** The functions Argo puts in the environment of a condition, plus expr-lang's `len`, `all`, `any`. */
export const FUNCTION_ARITY = {
  len: 1,
  all: 2,
  any: 2,
  isNaN: 1,
  isInf: 1,
  isNil: 1,
  default: 2,
  asInt: 1,
  asFloat: 1,
} as const;

export type FunctionName = keyof typeof FUNCTION_ARITY;

/** Functions whose second argument is a predicate over `#`. */
export const PREDICATE_FUNCTIONS: ReadonlySet<FunctionName> = new Set([
  'all',
  'any',
]);

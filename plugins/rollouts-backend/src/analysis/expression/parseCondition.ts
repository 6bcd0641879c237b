import { InputError } from '@backstage/errors';
import * as ohm from 'ohm-js';
import {
  BinaryOperator,
  ConditionNode,
  FUNCTION_ARITY,
  FunctionName,
  PREDICATE_FUNCTIONS,
  UnaryOperator,
} from './conditionAst';
import { CONDITION_GRAMMAR } from './conditionGrammar';

const grammar = ohm.grammar(CONDITION_GRAMMAR);

const SUPPORTED_SUMMARY =
  'supported: result, indexing (result[0], result.key), literals, + - * / % **, ' +
  '== != < <= > >= in, and or not && || !, and the functions ' +
  `${Object.keys(FUNCTION_ARITY).join(', ')}`;

/**
 * expr-lang features that Argo accepts but Gradual does not evaluate, named so
 * that the 400 says what is unsupported rather than where parsing stopped.
 */
const UNSUPPORTED_FEATURES: Array<[RegExp, string]> = [
  [/^(matches|contains|startsWith|endsWith)\b/, 'the string operator'],
  [/^not\s+in\b/, 'the operator'],
  [/^\?\?/, 'the nil-coalescing operator'],
  [/^\?\./, 'optional chaining'],
  [/^\?/, 'the conditional operator'],
  [/^\.\./, 'the range operator'],
  [/^\|/, 'the pipe operator'],
  [/^let\b/, 'the variable declaration'],
];

/** Raised for a condition outside the supported subset; the router answers 400. */
export class UnsupportedConditionError extends InputError {}

function failure(condition: string, detail: string): never {
  throw new UnsupportedConditionError(
    `Unsupported condition "${condition}": ${detail}`,
  );
}

const BINARY_ALIASES: Record<string, BinaryOperator> = {
  '||': 'or',
  '&&': 'and',
  '^': '**',
};
const UNARY_ALIASES: Record<string, UnaryOperator> = { '!': 'not' };

function binaryOperator(source: string): BinaryOperator {
  return BINARY_ALIASES[source] ?? (source as BinaryOperator);
}

function unquote(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        return c;
    }
  });
}

/**
 * Where a node sits: `expr` (no `#`), `predicateArgument` (the second argument
 * of `all` / `any`, where `{…}` and `#` are allowed) or `predicate` (inside it,
 * where `#` is allowed).
 */
type Scope = 'expr' | 'predicateArgument' | 'predicate';

type AstNode = ohm.Node & { ast(scope: Scope): ConditionNode };

const inner = (scope: Scope): Scope =>
  scope === 'expr' ? 'expr' : 'predicate';

function createSemantics(condition: string) {
  function binary(
    this: ohm.Node,
    left: ohm.Node,
    op: ohm.Node,
    right: ohm.Node,
  ): ConditionNode {
    const scope = inner(this.args.scope);
    return {
      kind: 'binary',
      operator: binaryOperator(op.sourceString),
      left: (left as AstNode).ast(scope),
      right: (right as AstNode).ast(scope),
    };
  }

  return grammar.createSemantics().addOperation<ConditionNode>('ast(scope)', {
    Condition(expr, _end) {
      return (expr as AstNode).ast(this.args.scope);
    },
    OrExpr_binary: binary,
    AndExpr_binary: binary,
    CmpExpr_binary: binary,
    AddExpr_binary: binary,
    MulExpr_binary: binary,
    PowExpr_binary: binary,
    UnaryExpr_unary(op, operand) {
      return {
        kind: 'unary',
        operator:
          UNARY_ALIASES[op.sourceString] ?? (op.sourceString as UnaryOperator),
        operand: (operand as AstNode).ast(inner(this.args.scope)),
      };
    },
    PostfixExpr_index(target, _open, index, _close) {
      const scope = inner(this.args.scope);
      return {
        kind: 'index',
        target: (target as AstNode).ast(scope),
        index: (index as AstNode).ast(scope),
      };
    },
    PostfixExpr_member(target, _dot, name) {
      return {
        kind: 'index',
        target: (target as AstNode).ast(inner(this.args.scope)),
        index: { kind: 'literal', value: name.sourceString },
      };
    },
    PrimaryExpr_paren(_open, expr, _close) {
      return (expr as AstNode).ast(this.args.scope);
    },
    PrimaryExpr_array(_open, items, _close) {
      const scope = inner(this.args.scope);
      return {
        kind: 'array',
        items: items
          .asIteration()
          .children.map(item => (item as AstNode).ast(scope)),
      };
    },
    PrimaryExpr_predicate(_open, body, _close) {
      if (this.args.scope !== 'predicateArgument') {
        failure(
          condition,
          'a predicate {…} is only allowed as the second argument of all() or any()',
        );
      }
      return (body as AstNode).ast('predicate');
    },
    PrimaryExpr_element(_hash) {
      if (this.args.scope === 'expr') {
        failure(
          condition,
          '# is only allowed inside the predicate of all() or any()',
        );
      }
      return { kind: 'name', name: '#' };
    },
    PrimaryExpr_name(name) {
      if (name.sourceString !== 'result') {
        failure(
          condition,
          `unknown name "${name.sourceString}"; the only variable is result`,
        );
      }
      return { kind: 'name', name: 'result' };
    },
    Call(name, _open, args, _close) {
      return callNode(
        condition,
        name.sourceString,
        args,
        inner(this.args.scope),
      );
    },
    number(_) {
      return { kind: 'literal', value: Number(this.sourceString) };
    },
    string_double(_open, body, _close) {
      return { kind: 'literal', value: unquote(body.sourceString) };
    },
    string_single(_open, body, _close) {
      return { kind: 'literal', value: unquote(body.sourceString) };
    },
    constant(_word) {
      const word = this.sourceString;
      return {
        kind: 'literal',
        value: word === 'nil' ? null : word === 'true',
      };
    },
  });
}

function callNode(
  condition: string,
  name: string,
  argsNode: ohm.Node,
  scope: Scope,
): ConditionNode {
  if (!(name in FUNCTION_ARITY)) {
    failure(condition, `unknown function "${name}"; ${SUPPORTED_SUMMARY}`);
  }
  const callee = name as FunctionName;
  const args = argsNode.asIteration().children as AstNode[];
  if (args.length !== FUNCTION_ARITY[callee]) {
    failure(
      condition,
      `${callee}() takes ${FUNCTION_ARITY[callee]} argument(s), got ${args.length}`,
    );
  }
  return {
    kind: 'call',
    callee,
    args: args.map((arg, i) =>
      arg.ast(
        i === 1 && PREDICATE_FUNCTIONS.has(callee)
          ? 'predicateArgument'
          : scope,
      ),
    ),
  };
}

function describeSyntaxError(
  condition: string,
  match: ohm.FailedMatchResult,
): string {
  const position = match.getRightmostFailurePosition();
  const rest = condition.slice(position).trimStart();
  for (const [pattern, what] of UNSUPPORTED_FEATURES) {
    const found = rest.match(pattern);
    if (found) {
      return `${what} "${found[0]}" at column ${
        position + 1
      } is not supported; ${SUPPORTED_SUMMARY}`;
    }
  }
  return `${match.shortMessage}; ${SUPPORTED_SUMMARY}`;
}

/**
 * Parses a condition into a syntax tree, or throws {@link UnsupportedConditionError}
 * (an `InputError`) naming what is outside the supported subset.
 */
export function parseCondition(condition: string): ConditionNode {
  if (condition.trim() === '') {
    failure(condition, 'the condition is empty');
  }
  const match = grammar.match(condition);
  if (match.failed()) {
    failure(condition, describeSyntaxError(condition, match));
  }
  return (
    createSemantics(condition)(match) as unknown as {
      ast(scope: Scope): ConditionNode;
    }
  ).ast('expr');
}

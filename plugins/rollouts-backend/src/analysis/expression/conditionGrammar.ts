/**
 * The Ohm grammar of the supported subset of Argo's expression language
 * (expr-lang, https://expr-lang.org/docs/language-definition).
 *
 * Operator precedence follows expr-lang, lowest first:
 * `or ||` < `and &&` < comparisons and `in` < `+ -` < `* / %` < unary `not ! - +` < `** ^`.
 * (expr-lang gives `not` a lower precedence than `*`; that only changes the
 * parse of expressions that are type errors either way, such as `not a * b`.)
 * Comparisons are left-associative as in expr-lang; `**` is right-associative.
 */
export const CONDITION_GRAMMAR = String.raw`
ArgoCondition {
  Condition = Expr end

  Expr = OrExpr

  OrExpr = OrExpr orOp AndExpr  -- binary
         | AndExpr

  AndExpr = AndExpr andOp CmpExpr  -- binary
          | CmpExpr

  CmpExpr = CmpExpr cmpOp AddExpr  -- binary
          | AddExpr

  AddExpr = AddExpr addOp MulExpr  -- binary
          | MulExpr

  MulExpr = MulExpr mulOp UnaryExpr  -- binary
          | UnaryExpr

  UnaryExpr = unaryOp UnaryExpr  -- unary
            | PowExpr

  PowExpr = PostfixExpr powOp UnaryExpr  -- binary
          | PostfixExpr

  PostfixExpr = PostfixExpr "[" Expr "]"  -- index
              | PostfixExpr "." identifier  -- member
              | PrimaryExpr

  PrimaryExpr = "(" Expr ")"  -- paren
              | Call
              | "[" ListOf<Expr, ","> "]"  -- array
              | "{" Expr "}"  -- predicate
              | number
              | string
              | constant
              | "#"  -- element
              | identifier  -- name

  Call = identifier "(" ListOf<Expr, ","> ")"

  orOp = "||" | "or" ~identPart
  andOp = "&&" | "and" ~identPart
  cmpOp = "==" | "!=" | "<=" | ">=" | "<" | ">" | "in" ~identPart
  addOp = "+" | "-"
  mulOp = "*" | "/" | "%"
  powOp = "**" | "^"
  unaryOp = "!" ~"=" | "not" ~identPart | "-" | "+"

  constant = ("true" | "false" | "nil") ~identPart
  keyword = ("true" | "false" | "nil" | "and" | "or" | "not" | "in") ~identPart

  number = digit+ ("." digit*)? exponent?  -- decimal
         | "." digit+ exponent?  -- fraction
  exponent = ("e" | "E") ("+" | "-")? digit+

  string = "\"" doubleQuoted* "\""  -- double
         | "'" singleQuoted* "'"  -- single
  doubleQuoted = "\\" any  -- escape
               | ~("\"" | "\\" | "\n") any  -- char
  singleQuoted = "\\" any  -- escape
               | ~("'" | "\\" | "\n") any  -- char

  identifier = ~keyword identStart identPart*
  identStart = letter | "_" | "$"
  identPart = alnum | "_" | "$"
}
`;

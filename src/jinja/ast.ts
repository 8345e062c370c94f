/** The template syntax tree (Jinja2's nodes, reduced to what the compiler needs). */

export type Expr =
  | { k: 'const'; value: ConstValue; line: number }
  | { k: 'name'; name: string; line: number }
  | { k: 'tuple'; items: Expr[]; line: number }
  | { k: 'list'; items: Expr[]; line: number }
  | { k: 'dict'; items: [Expr, Expr][]; line: number }
  | { k: 'getattr'; obj: Expr; attr: string; line: number }
  | { k: 'getitem'; obj: Expr; key: Expr; line: number }
  | { k: 'slice'; start: Expr | null; stop: Expr | null; step: Expr | null; line: number }
  | { k: 'call'; fn: Expr; args: CallArgs; line: number }
  | { k: 'filter'; node: Expr | null; name: string; args: CallArgs; line: number }
  | { k: 'test'; node: Expr; name: string; args: CallArgs; line: number }
  | { k: 'binop'; op: string; left: Expr; right: Expr; line: number }
  | { k: 'unary'; op: 'not' | '-' | '+'; node: Expr; line: number }
  | { k: 'and' | 'or'; left: Expr; right: Expr; line: number }
  | { k: 'compare'; first: Expr; ops: { op: string; expr: Expr }[]; line: number }
  | { k: 'concat'; items: Expr[]; line: number }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr | null; line: number };

export type ConstValue = null | boolean | number | bigint | { float: number } | string;

export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}

export type Target =
  | { k: 'name'; name: string; line: number }
  | { k: 'tuple'; items: Target[]; line: number }
  | { k: 'nsref'; name: string; attr: string; line: number };

export interface MacroDef {
  name: string;
  col?: number;
  params: { name: string; default: Expr | null }[];
  body: Stmt[];
  line: number;
}

/** A statement; `col` is the column of its `{%` / `{{` tag, for error carets. */
export type Stmt = StmtNode & { col?: number };

type StmtNode =
  | { k: 'output'; nodes: (string | Expr)[]; cols?: number[]; line: number }
  | { k: 'if'; test: Expr; body: Stmt[]; else: Stmt[]; line: number }
  | {
      k: 'for';
      target: Target;
      iter: Expr;
      body: Stmt[];
      else: Stmt[];
      filter: Expr | null;
      recursive: boolean;
      line: number;
    }
  | { k: 'set'; target: Target; value: Expr; line: number }
  | { k: 'setblock'; target: Target; body: Stmt[]; filter: Expr | null; line: number }
  | { k: 'macro'; def: MacroDef; line: number }
  | { k: 'callblock'; call: Expr; params: MacroDef['params']; body: Stmt[]; line: number }
  | { k: 'filterblock'; filter: Expr; body: Stmt[]; line: number }
  | { k: 'with'; targets: [Target, Expr][]; body: Stmt[]; line: number }
  | { k: 'block'; name: string; body: Stmt[]; scoped: boolean; required: boolean; line: number }
  | { k: 'extends'; template: Expr; line: number }
  | { k: 'include'; template: Expr; ignoreMissing: boolean; withContext: boolean; line: number }
  | { k: 'import'; template: Expr; target: string; withContext: boolean; line: number }
  | {
      k: 'fromimport';
      template: Expr;
      names: [string, string][];
      withContext: boolean;
      line: number;
    }
  | { k: 'autoescape'; value: Expr; body: Stmt[]; line: number }
  | { k: 'do'; expr: Expr; line: number }
  | { k: 'break' | 'continue'; line: number };

export interface TemplateAst {
  body: Stmt[];
}

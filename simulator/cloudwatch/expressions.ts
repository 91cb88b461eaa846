/**
 * The metric-math subset a scaler uses: + - * / on query ids and numbers, parentheses, unary
 * minus, and FILL(series, value). Series combine on shared timestamps, as in CloudWatch.
 */
import { AwsError } from '../errors.ts';

export type Series = { kind: 'series'; periodMs: number; points: Map<number, number> };
export type Scalar = { kind: 'scalar'; value: number };
export type MathValue = Series | Scalar;

type Node =
  | { type: 'number'; value: number }
  | { type: 'id'; name: string }
  | { type: 'neg'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node }
  | { type: 'call'; name: string; args: Node[] };

/** CloudWatch answers malformed expressions with a 400 ValidationError (SDK: ValidationException). */
export function expressionError(id: string, message: string): AwsError {
  return cloudWatchValidation(`Error in expression '${id}': ${message}`);
}

/** CloudWatch's validation failure: Query code ValidationError, SDK class ValidationException. */
export function cloudWatchValidation(message: string): AwsError {
  return new AwsError('ValidationException', message, { queryCode: 'ValidationError' });
}

/**
 * Parses an expression. @throws AwsError ValidationError on a syntax error.
 */
export function parseExpression(id: string, text: string): Node {
  const tokens = text.match(/\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/(),]|\S/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const expect = (token: string) => {
    if (next() !== token) throw expressionError(id, `Syntax error, expected '${token}'.`);
  };
  const primary = (): Node => {
    const token = next();
    if (token === undefined) throw expressionError(id, 'Syntax error, unexpected end.');
    if (token === '-') return { type: 'neg', operand: primary() };
    if (token === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (/^\d/.test(token)) return { type: 'number', value: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) throw expressionError(id, `Syntax error at '${token}'.`);
    if (peek() !== '(') return { type: 'id', name: token };
    next();
    const args = [sum()];
    while (peek() === ',') {
      next();
      args.push(sum());
    }
    expect(')');
    return { type: 'call', name: token.toUpperCase(), args };
  };
  const product = (): Node => {
    let left = primary();
    while (peek() === '*' || peek() === '/') {
      const op = next() ?? '';
      left = { type: 'binary', op, left, right: primary() };
    }
    return left;
  };
  function sum(): Node {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const op = next() ?? '';
      left = { type: 'binary', op, left, right: product() };
    }
    return left;
  }
  const tree = sum();
  if (position !== tokens.length) throw expressionError(id, `Syntax error at '${peek()}'.`);
  return tree;
}

/** What evaluation needs: other queries' values and the time range for FILL. */
export type EvaluateScope = {
  id: string;
  resolve: (name: string) => MathValue;
  startMs: number;
  endMs: number;
  /** Set when a datapoint was dropped for being NaN or infinite. */
  dropped: { value: boolean };
};

/** Evaluates a parsed expression. @throws AwsError ValidationError for unknown functions. */
export function evaluate(node: Node, scope: EvaluateScope): MathValue {
  switch (node.type) {
    case 'number':
      return { kind: 'scalar', value: node.value };
    case 'id':
      return scope.resolve(node.name);
    case 'neg':
      return combine('*', { kind: 'scalar', value: -1 }, evaluate(node.operand, scope), scope);
    case 'binary':
      return combine(node.op, evaluate(node.left, scope), evaluate(node.right, scope), scope);
    case 'call':
      return call(node, scope);
  }
}

function call(node: Extract<Node, { type: 'call' }>, scope: EvaluateScope): MathValue {
  const [first, second] = node.args;
  if (node.name !== 'FILL' || node.args.length !== 2 || !first || second?.type !== 'number') {
    throw expressionError(scope.id, `Unsupported function ${node.name}.`);
  }
  const series = evaluate(first, scope);
  if (series.kind !== 'series') throw expressionError(scope.id, 'FILL needs a time series.');
  const points = new Map<number, number>();
  const start = Math.ceil(scope.startMs / series.periodMs) * series.periodMs;
  for (let at = start; at < scope.endMs; at += series.periodMs) {
    points.set(at, series.points.get(at) ?? second.value);
  }
  return { kind: 'series', periodMs: series.periodMs, points };
}

function apply(op: string, a: number, b: number): number {
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  return a / b;
}

function combine(op: string, left: MathValue, right: MathValue, scope: EvaluateScope): MathValue {
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    return { kind: 'scalar', value: apply(op, left.value, right.value) };
  }
  const base = left.kind === 'series' ? left : (right as Series);
  const points = new Map<number, number>();
  for (const at of base.points.keys()) {
    const a = left.kind === 'scalar' ? left.value : left.points.get(at);
    const b = right.kind === 'scalar' ? right.value : right.points.get(at);
    if (a === undefined || b === undefined) continue;
    const value = apply(op, a, b);
    if (Number.isFinite(value)) points.set(at, value);
    else scope.dropped.value = true;
  }
  const periodMs = Math.min(
    left.kind === 'series' ? left.periodMs : Number.POSITIVE_INFINITY,
    right.kind === 'series' ? right.periodMs : Number.POSITIVE_INFINITY,
  );
  return { kind: 'series', periodMs, points };
}

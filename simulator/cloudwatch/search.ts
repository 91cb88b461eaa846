/**
 * SEARCH('{"<namespace>",Dim,…} Key="value" (Key="a" OR Key="b") word', '<Stat>', <period>):
 * the subset of CloudWatch search expressions a scaler uses to read many services' metrics in one
 * query. Each matching metric is one result under the query's Id, labelled with the dynamic label
 * `${PROP('Dim.<name>')}`, `${PROP('MetricName')}`, `${PROP('Namespace')}`.
 */
import type { Input } from '../input.ts';
import { expressionError } from './expressions.ts';
import { checkPeriod } from './periods.ts';
import {
  aggregate,
  type MetricKey,
  type MetricStore,
  type Statistic,
  statistics,
} from './store.ts';

type Filter =
  | { kind: 'and' | 'or'; parts: Filter[] }
  | { kind: 'term'; key: string | undefined; value: string; exact: boolean };

type Search = {
  namespace?: string;
  dimensions?: string[];
  filter: Filter;
  stat: Statistic;
  periodMs: number;
};

const searchCall = /^\s*SEARCH\s*\(\s*'([^']*)'\s*,\s*'([^']+)'\s*,\s*(\d+)\s*\)\s*$/s;

/** True when the query is a SEARCH expression. */
export function isSearch(query: Input): boolean {
  return typeof query.Expression === 'string' && /^\s*SEARCH\s*\(/i.test(query.Expression);
}

function tokenize(id: string, text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|[^\s()"=]+="(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*"|[^\s()]+)/y;
  let end = 0;
  for (let match = pattern.exec(text); match?.[1] !== undefined; match = pattern.exec(text)) {
    tokens.push(match[1]);
    end = pattern.lastIndex;
  }
  if (text.slice(end).trim() !== '') throw expressionError(id, 'Invalid search expression.');
  return tokens;
}

const unquote = (text: string) => text.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');

function parseFilter(id: string, tokens: string[]): Filter {
  let position = 0;
  const unary = (): Filter => {
    const token = tokens[position++];
    if (token === undefined) throw expressionError(id, 'Invalid search expression.');
    if (token === '(') {
      const inner = or();
      if (tokens[position++] !== ')') throw expressionError(id, 'Unbalanced parentheses.');
      return inner;
    }
    const equals = token.indexOf('=');
    if (equals > 0) {
      const value = token.slice(equals + 1);
      return {
        kind: 'term',
        key: token.slice(0, equals),
        value: unquote(value),
        exact: value.startsWith('"'),
      };
    }
    return { kind: 'term', key: undefined, value: unquote(token), exact: token.startsWith('"') };
  };
  const and = (): Filter => {
    const parts = [unary()];
    while (position < tokens.length && tokens[position] !== ')' && tokens[position] !== 'OR') {
      if (tokens[position] === 'AND') position += 1;
      parts.push(unary());
    }
    return { kind: 'and', parts };
  };
  function or(): Filter {
    const parts = [and()];
    while (tokens[position] === 'OR') {
      position += 1;
      parts.push(and());
    }
    return { kind: 'or', parts };
  }
  const filter = tokens.length === 0 ? { kind: 'and' as const, parts: [] } : or();
  if (position !== tokens.length) throw expressionError(id, 'Invalid search expression.');
  return filter;
}

function parseSearch(id: string, expression: string): Search {
  if (expression.length > 1024) throw expressionError(id, 'Search expression is too long.');
  const match = searchCall.exec(expression);
  const stat = match?.[2] as Statistic;
  if (!match || !statistics.includes(stat)) throw expressionError(id, 'Invalid SEARCH call.');
  let body = match[1] ?? '';
  let namespace: string | undefined;
  let dimensions: string[] | undefined;
  const schema = /^\s*\{([^}]*)\}/.exec(body);
  if (schema) {
    const [first = '', ...rest] = (schema[1] ?? '').split(',').map((part) => unquote(part.trim()));
    namespace = first;
    dimensions = rest;
    body = body.slice(schema[0].length);
  }
  return {
    namespace,
    dimensions,
    filter: parseFilter(id, tokenize(id, body)),
    stat,
    periodMs: checkPeriod(id, Number(match[3])),
  };
}

function fieldOf(key: MetricKey, name: string): string | undefined {
  if (name === 'MetricName') return key.metricName;
  if (name === 'Namespace') return key.namespace;
  return key.dimensions[name];
}

function matches(filter: Filter, key: MetricKey): boolean {
  if (filter.kind !== 'term') {
    const test = (part: Filter) => matches(part, key);
    return filter.kind === 'and' ? filter.parts.every(test) : filter.parts.some(test);
  }
  const fields =
    filter.key === undefined
      ? [key.metricName, key.namespace, ...Object.values(key.dimensions)]
      : [fieldOf(key, filter.key)];
  return fields.some((field) =>
    field === undefined
      ? false
      : filter.exact
        ? field === filter.value
        : field.toLowerCase().includes(filter.value.toLowerCase()),
  );
}

/** Expands `${PROP('Dim.X')}`, `${PROP('MetricName')}` and `${PROP('Namespace')}` for a metric. */
export function expandLabel(label: string, key: MetricKey): string {
  return label.replace(
    /\$\{PROP\('([^']+)'\)\}/g,
    (_, prop: string) =>
      (prop.startsWith('Dim.') ? key.dimensions[prop.slice(4)] : fieldOf(key, prop)) ?? '',
  );
}

/** The results of one SEARCH query: one per matching metric that has data. */
export function searchResults(
  store: MetricStore,
  query: Input,
  range: { startMs: number; endMs: number; now: number; ascending: boolean },
): Input[] {
  const id = String(query.Id);
  const search = parseSearch(id, String(query.Expression));
  const results: Input[] = [];
  for (const series of store.series.values()) {
    const { key } = series;
    if (search.namespace !== undefined && key.namespace !== search.namespace) continue;
    const names = Object.keys(key.dimensions);
    if (
      search.dimensions &&
      (names.length !== search.dimensions.length ||
        !search.dimensions.every((d) => names.includes(d)))
    )
      continue;
    if (!matches(search.filter, key) || (series.points.length === 0 && !series.generator)) continue;
    const points = [
      ...aggregate(store, key, { ...range, periodMs: search.periodMs, stat: search.stat }),
    ];
    points.sort(([a], [b]) => (range.ascending ? a - b : b - a));
    const label =
      typeof query.Label === 'string'
        ? query.Label
        : `${key.metricName} ${Object.values(key.dimensions).join(' ')}`;
    results.push({
      Id: id,
      Label: expandLabel(label, key),
      Timestamps: points.map(([at]) => at / 1000),
      Values: points.map(([, value]) => value),
      StatusCode: 'Complete',
    });
  }
  return results.slice(0, 500);
}

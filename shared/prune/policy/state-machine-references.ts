import type { DynamicReference } from './in-use-sources.ts';
import { parseTaskDefinitionRef } from './task-definition-ref.ts';

/** What one state machine definition references. */
export type DefinitionReferences = {
  /** Static task-definition references (`family`, `family:revision` or an ARN). */
  refs: string[];
  /** References computed at run time, without the state machine's name (the caller adds it). */
  dynamic: Omit<DynamicReference, 'source' | 'name' | 'version'>[];
  /** Why the definition could not be read (unparsable JSON): the caller reports a gap. */
  problem?: string;
};

/**
 * Task states that call ECS: the optimized integration (`arn:aws:states:::ecs:runTask`, with
 * `.sync` or `.waitForTaskToken`) and the SDK integrations (`arn:aws:states:::aws-sdk:ecs:…`,
 * e.g. runTask, startTask, updateService), in any partition:
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
 */
const ECS_RESOURCE =
  /^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:(?:aws-sdk:)?ecs:[A-Za-z]+(?:\.sync|\.waitForTaskToken)?$/;

/** A JSONata expression (`{% $states.input.job %}`) is evaluated at run time, in any field. */
const JSONATA = /^\s*\{%[\s\S]*%\}\s*$/;

/** Longest expression a plan quotes: it is code, reported to name the state, not data to keep. */
const maxExpressionLength = 200;

/** `States.Format('app:{}', $.rev)`: the template's literal part can pin the family. */
const FORMAT_TEMPLATE = /^\s*States\.Format\(\s*'((?:[^'\\]|\\.)*)'/;

/**
 * Finds every task definition an Amazon States Language definition runs on ECS: each Task state
 * whose Resource is an ECS integration, at any depth (Parallel branches, Map `ItemProcessor` or
 * the older `Iterator`), reading `TaskDefinition` from `Parameters` (JSONPath) or `Arguments`
 * (JSONata). A `TaskDefinition.$` path, an intrinsic function or a JSONata expression is a
 * dynamic reference, never ignored.
 *
 * @param definition the definition's JSON text, as DescribeStateMachine returns it.
 * @returns the static references, the dynamic ones, and a problem when the JSON does not parse.
 */
export function findStateMachineReferences(definition: string): DefinitionReferences {
  const found: DefinitionReferences = { refs: [], dynamic: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch {
    return { ...found, problem: 'the definition is not valid JSON' };
  }
  walkStates(asRecord(parsed)?.States, '', found);
  return found;
}

function walkStates(states: unknown, path: string, found: DefinitionReferences): void {
  for (const [name, value] of Object.entries(asRecord(states) ?? {})) {
    const state = asRecord(value);
    if (state === undefined) continue;
    const location = path === '' ? name : `${path}/${name}`;
    if (state.Type === 'Task' && typeof state.Resource === 'string') {
      if (ECS_RESOURCE.test(state.Resource)) readTaskState(state, location, found);
    } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) walkStates(asRecord(branch)?.States, location, found);
    } else if (state.Type === 'Map') {
      const processor = asRecord(state.ItemProcessor) ?? asRecord(state.Iterator);
      walkStates(processor?.States, location, found);
    }
  }
}

function readTaskState(
  state: Record<string, unknown>,
  location: string,
  found: DefinitionReferences,
): void {
  const args = state.Arguments ?? state.Parameters;
  if (typeof args === 'string') {
    // JSONata: the whole argument object is one expression.
    found.dynamic.push({ location, expression: quote(args) });
    return;
  }
  for (const [key, value] of Object.entries(asRecord(args) ?? {})) {
    const field = key.toLowerCase();
    if (field === 'taskdefinition' && typeof value === 'string' && !JSONATA.test(value)) {
      found.refs.push(value);
    } else if (field === 'taskdefinition' || field === 'taskdefinition.$') {
      // A non-text value is described, not quoted: it is data, and could hold anything.
      const expression = typeof value === 'string' ? quote(value) : '(not a text)';
      const families = typeof value === 'string' ? familiesOfExpression(value) : undefined;
      found.dynamic.push(families ? { location, expression, families } : { location, expression });
    }
  }
}

/** The one family a `States.Format` template can produce, when its family part is literal. */
function familiesOfExpression(expression: string): string[] | undefined {
  const template = FORMAT_TEMPLATE.exec(expression)?.[1];
  if (template === undefined) return undefined;
  // The family follows an ARN's `task-definition/` (or starts the text) and ends at the last `:`.
  const marker = 'task-definition/';
  const tail = template.includes(marker)
    ? template.slice(template.lastIndexOf(marker) + marker.length)
    : template;
  const colon = tail.lastIndexOf(':');
  const family = parseTaskDefinitionRef(colon === -1 ? tail : tail.slice(0, colon))?.family;
  return family === undefined ? undefined : [family];
}

function quote(expression: string): string {
  return expression.length > maxExpressionLength
    ? `${expression.slice(0, maxExpressionLength - 1)}…`
    : expression;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Renders the configuration reference of docs/configuration.md from the policy schema itself
 * (zod's JSON Schema of `policySchema`, as written: defaults, limits, allowed values), so the page
 * lists exactly the keys `validate` and the functions accept. `npm run docs` rewrites it and a
 * test fails when it drifts.
 */
import { policySchema } from '../../shared/config/policy-schema.ts';
import * as z from '../../shared/config/zod.ts';

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
};

type Row = { key: string; type: string; fallback: string };

/** Where each section's keys are explained in words. */
const sectionPages: Record<string, string> = {
  pacing: '[Pacing](#pacing)',
  restart: '[docs/restart.md](restart.md)',
  prune: '[docs/prune.md](prune.md)',
  scale: '[docs/scale.md](scale.md)',
};

/** The reference: one table per top-level section, a row per key with its type and default. */
export function renderConfigReference(): string {
  const schema = z.toJSONSchema(policySchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const parts: string[] = [];
  for (const [section, node] of Object.entries(schema.properties ?? {})) {
    const rows: Row[] = [];
    collect(node, section, false, rows);
    const where = sectionPages[section];
    parts.push(
      `### \`${section}\``,
      '',
      ...(where === undefined ? [] : [`What the keys do: ${where}.`, '']),
      '| key | type, allowed values | default |',
      '| --- | --- | --- |',
      ...rows.map((row) => `| \`${row.key}\` | ${row.type} | ${row.fallback} |`),
      '',
    );
  }
  return parts.join('\n');
}

function collect(node: JsonSchema, key: string, required: boolean, rows: Row[]): void {
  const variants = node.oneOf ?? node.anyOf;
  const objects = variants?.filter((variant) => variant.properties !== undefined) ?? [];
  if (objects.length > 1) {
    // A discriminated union (a metric's `kind`): one block of rows per variant.
    for (const variant of objects) {
      const kindSchema = variant.properties?.kind;
      const kinds = kindSchema?.const !== undefined ? [kindSchema.const] : (kindSchema?.enum ?? []);
      const label = kinds.length === 0 ? key : `${key} (kind: ${kinds.map(String).join(' or ')})`;
      rows.push({ key: label, type: 'object', fallback: required ? 'required' : '' });
      collectChildren(variant, key, rows);
    }
    return;
  }
  rows.push({ key, type: describeType(node), fallback: describeDefault(node, required) });
  collectChildren(node, key, rows);
  if (node.items !== undefined) collectChildren(unwrap(node.items), `${key}[]`, rows, node.items);
}

function collectChildren(node: JsonSchema, key: string, rows: Row[], original = node): void {
  const variants = original.oneOf ?? original.anyOf;
  if (variants !== undefined && variants.filter((v) => v.properties !== undefined).length > 1) {
    collect(original, key, false, rows);
    return;
  }
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    collect(child, `${key}.${name}`, node.required?.includes(name) === true, rows);
  }
}

/** The object variant of an `anyOf` (a key that takes a string or an object). */
function unwrap(node: JsonSchema): JsonSchema {
  return (node.anyOf ?? node.oneOf)?.find((variant) => variant.properties !== undefined) ?? node;
}

function describeType(node: JsonSchema): string {
  const variants = node.anyOf ?? node.oneOf;
  if (variants?.every((variant) => variant.properties !== undefined)) return 'object, by `kind`';
  if (variants !== undefined) return variants.map(describeType).join(' or ');
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum !== undefined)
    return node.enum.map((value) => `\`${JSON.stringify(value)}\``).join(', ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  if (type === 'array') {
    const items = node.items === undefined ? 'any' : describeType(node.items);
    return `list of ${items}${range(node.minItems, node.maxItems, ' items')}`;
  }
  if (type === 'string') {
    const pattern =
      node.pattern === undefined ? '' : `, matching \`${node.pattern.replaceAll('|', '\\|')}\``;
    return `string${range(node.minLength, node.maxLength, ' characters')}${pattern}`;
  }
  if (type === 'number' || type === 'integer') return `${type}${numberRange(node)}`;
  if (
    type === 'object' &&
    node.properties === undefined &&
    typeof node.additionalProperties === 'object'
  ) {
    return `map of ${describeType(node.additionalProperties)}`;
  }
  return type;
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min === undefined && max === undefined) return '';
  if (min === 1 && max === undefined) return ' (not empty)';
  if (max === undefined) return ` (at least ${min}${unit})`;
  if (min === undefined) return ` (at most ${max}${unit})`;
  return ` (${min} to ${max}${unit})`;
}

function numberRange(node: JsonSchema): string {
  const low =
    node.exclusiveMinimum !== undefined
      ? `> ${node.exclusiveMinimum}`
      : node.minimum !== undefined
        ? `≥ ${node.minimum}`
        : '';
  const high =
    node.exclusiveMaximum !== undefined
      ? `< ${node.exclusiveMaximum}`
      : node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER
        ? `≤ ${node.maximum}`
        : '';
  const bounds = [low, high].filter((bound) => bound !== '').join(', ');
  return bounds === '' ? '' : ` ${bounds}`;
}

function describeDefault(node: JsonSchema, required: boolean): string {
  if (required) return 'required';
  if (node.default === undefined) return '';
  // An object section defaults to `{}`: its own keys' defaults follow.
  const section = node.properties !== undefined;
  if (
    section &&
    typeof node.default === 'object' &&
    node.default !== null &&
    !Array.isArray(node.default)
  ) {
    return Object.keys(node.default).length === 0
      ? '(each key below)'
      : `\`${JSON.stringify(node.default)}\``;
  }
  return `\`${JSON.stringify(node.default)}\``;
}

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Static analysis for the template meta-test and the generated IAM docs: which AWS wrapper
 * functions a handler reaches through its imports, and which IAM actions their TSDoc says they
 * need (`Requires ecs:RunTask`).
 * Per exported function, not per file, because a bundle keeps only the wrappers it calls.
 */

/**
 * `import { a } from './x.ts'`, `export { a } from './x.ts'` (a re-export), and
 * `const { a } = await import('./x.ts')` (a module loaded on demand: its wrappers still run).
 */
const importPatterns = [
  /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.{1,2}\/[^']+)'/g,
  /export\s+\{([^}]*)\}\s+from\s+'(\.{1,2}\/[^']+)'/g,
  /const\s+\{([^}]*)\}\s*=\s*await\s+import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g,
];
const actionPattern = /\b([a-z0-9-]+:[A-Z][A-Za-z]+)\b/g;

/** Actions documented per exported function of one wrapper file. */
export function readDocumentedActions(file: string): Map<string, string[]> {
  const source = readFileSync(file, 'utf8');
  const actions = new Map<string, string[]>();
  const exportPattern = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export\s+(?:async\s+)?function\s+(\w+)/g;
  for (const match of source.matchAll(exportPattern)) {
    const [, doc = '', name = ''] = match;
    const requires = doc.split('Requires').slice(1).join(' ');
    actions.set(
      name,
      [...requires.matchAll(actionPattern)].map((found) => found[1] ?? ''),
    );
  }
  return actions;
}

/** Names imported from each relative module, following every module under `shared/` transitively. */
export function collectImports(entry: string): Map<string, Set<string>> {
  const imported = new Map<string, Set<string>>();
  const visited = new Set<string>();
  const visit = (file: string): void => {
    if (visited.has(file) || !existsSync(file)) return;
    visited.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of importPatterns.flatMap((pattern) => [...source.matchAll(pattern)])) {
      const [, names = '', specifier = ''] = match;
      if (match[0].startsWith('import type')) continue;
      const target = resolve(dirname(file), specifier);
      const set = imported.get(target) ?? new Set<string>();
      for (const name of names.split(',')) {
        const trimmed = name.trim();
        if (trimmed && !trimmed.startsWith('type '))
          set.add(trimmed.split(/\s+as\s+/)[0] ?? trimmed);
      }
      imported.set(target, set);
      visit(target);
    }
  };
  visit(entry);
  return imported;
}

/**
 * Every IAM action the handler's wrappers document, found from its entry file, with the wrapper
 * functions that need it (the "why" of each grant).
 */
export function requiredActionSources(entry: string): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const [file, names] of collectImports(entry)) {
    if (!file.includes('/shared/aws/')) continue;
    const documented = readDocumentedActions(file);
    for (const name of names) {
      for (const action of documented.get(name) ?? []) {
        sources.set(action, [...(sources.get(action) ?? []), name]);
      }
    }
  }
  return sources;
}

/** Every IAM action the handler's wrappers document, found from its entry file. */
export function requiredActions(entry: string): Set<string> {
  return new Set(requiredActionSources(entry).keys());
}

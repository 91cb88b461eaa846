/**
 * What the prune function reads only when some revision is old enough to be removed: every source
 * of references in use, and the retain tags. gather-inventory.ts imports this module on demand,
 * so esbuild puts it (and the SDK clients only it uses) in a chunk of its own.
 */
export { listInUseReferences } from './in-use-references.ts';
export { listRetainedRevisions } from './retained-revisions.ts';

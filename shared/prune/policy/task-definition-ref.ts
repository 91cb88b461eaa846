/** A parsed task-definition reference: a revision, or a whole family (revision undefined). */
export type TaskDefinitionRef = { family: string; revision: number | undefined };

/** Revision references grouped by exact family name, for O(1) look-ups. */
export type RevisionRefIndex = {
  /** Exact family name to the revision numbers referenced. */
  revisions: ReadonlyMap<string, ReadonlySet<number>>;
  /** Families referenced without a revision (their latest ACTIVE revision is meant). */
  familyOnly: ReadonlySet<string>;
  /** Texts that are not task-definition references (the caller decides what they mean). */
  unparsed: readonly string[];
};

const ARN_MARKER = 'task-definition/';
/** ECS family names: up to 255 letters, digits, underscores and hyphens. */
const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const REVISION_PATTERN = /^[1-9][0-9]*$/;

/**
 * Parses a task-definition ARN (`arn:aws:ecs:…:task-definition/family:7`), a short reference
 * (`family:7`) or a family-only reference (`family`, or an ARN without `:revision`).
 *
 * @returns the family and revision, or undefined when the text is not a task-definition reference.
 */
export function parseTaskDefinitionRef(text: string): TaskDefinitionRef | undefined {
  const marker = text.lastIndexOf(ARN_MARKER);
  const tail = marker === -1 ? text : text.slice(marker + ARN_MARKER.length);
  const colon = tail.lastIndexOf(':');
  const family = colon === -1 ? tail : tail.slice(0, colon);
  if (!FAMILY_PATTERN.test(family)) return undefined;
  if (colon === -1) return { family, revision: undefined };
  const revisionText = tail.slice(colon + 1);
  if (!REVISION_PATTERN.test(revisionText)) return undefined;
  return { family, revision: Number(revisionText) };
}

/**
 * Formats the `family:revision` reference that DeregisterTaskDefinition and
 * DeleteTaskDefinitions accept in place of a full ARN.
 *
 * @returns `family:revision`.
 */
export function formatTaskDefinitionRef(family: string, revision: number): string {
  return `${family}:${revision}`;
}

/**
 * Groups references by exact family, so `app` never matches `app-worker`. Texts that do not
 * parse are returned in `unparsed` rather than dropped: for in-use references the planner treats
 * them as a gap in its knowledge.
 *
 * @returns the index of referenced revisions and family-only references.
 */
export function indexRevisionRefs(refs: Iterable<string>): RevisionRefIndex {
  const revisions = new Map<string, Set<number>>();
  const familyOnly = new Set<string>();
  const unparsed: string[] = [];
  for (const text of refs) {
    const ref = parseTaskDefinitionRef(text);
    if (ref === undefined) {
      unparsed.push(text);
      continue;
    }
    if (ref.revision === undefined) {
      familyOnly.add(ref.family);
      continue;
    }
    const known = revisions.get(ref.family);
    if (known === undefined) revisions.set(ref.family, new Set([ref.revision]));
    else known.add(ref.revision);
  }
  return { revisions, familyOnly, unparsed };
}

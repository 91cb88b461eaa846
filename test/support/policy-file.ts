import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a policy document to a fresh temporary `policy.json` and returns its path (for POLICY_FILE). */
export function writePolicyFile(document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'autopilot-policy-')), 'policy.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
}

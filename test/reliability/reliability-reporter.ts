/**
 * A vitest reporter that gathers the figures the reliability tests attach to `task.meta` and
 * writes RELIABILITY.md at the repository root. Used by `npm run reliability`; the ordinary
 * `npm test` does not load it, so a plain test run never rewrites the report.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { measurementNotes } from './support/measurement-notes.ts';
import { type MeasuredFigure, renderReliabilityReport } from './support/render-report.ts';

/** Writes RELIABILITY.md once the run ends. */
export default class ReliabilityReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const figures: MeasuredFigure[] = [];
    const failed: string[] = [];
    let tests = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        tests += 1;
        const passed = test.result().state === 'passed';
        // A failed test may have stopped before recording anything: it is named, never dropped.
        if (!passed) failed.push(test.fullName);
        for (const figure of test.meta().reliability ?? []) {
          figures.push({ ...figure, test: test.fullName, passed });
        }
      }
    }
    if (figures.length === 0) return;
    const path = join(import.meta.dirname, '../../RELIABILITY.md');
    const report = renderReliabilityReport(figures, { tests, failed });
    writeFileSync(path, `${report}\n${measurementNotes}`);
  }
}

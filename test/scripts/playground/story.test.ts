import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openInBrowser } from './browser.ts';
import { hasStackTrace, runStart, type StartResult } from './run-start.ts';

const report = join(mkdtempSync(join(tmpdir(), 'playground-report-')), 'report.html');
let story: StartResult;

beforeAll(async () => {
  // Act: the same command `npm start` runs, on the project's Node 22.
  story = await runStart(['--report', report]);
}, 120_000);

describe('npm start (the playground)', () => {
  it('tells the whole story on the simulator and exits 0', () => {
    // Assess: each function acted, for the reasons a user would expect.
    const { stdout } = story;
    expect(story.code).toBe(0);
    expect(stdout).toMatch(/pruneTaskDefinitions\s+web: would remove [1-9]\d*/);
    expect(stdout).toMatch(/web: deregistered [1-9]\d*; kept .*in-use/);
    expect(stdout).toMatch(/web: deleted [1-9]\d*/);
    expect(stdout).toContain('every revision in use is still ACTIVE');
    expect(stdout).toMatch(/restartTask\s+restart attempt 1 in \d+ s via the delay queue/);
    expect(stdout).toContain('max-attempts-reached; "Task Restart Abandoned" published');
    expect(stdout).toMatch(/web: .*3 -> \d+ tasks \(scale-out\)/);
    expect(stdout).toMatch(/\(scale-in\)/);
    expect(stdout).not.toMatch(/ThrottlingException|Error:/);
    expect(hasStackTrace(story.stdout + story.stderr)).toBe(false);
  });

  it('shows the policy in force per chapter and the why of each decision', () => {
    const { stdout } = story;
    // The policy each chapter runs under.
    expect(stdout).toMatch(/policy {3}prune\.dryRun: false \(acts\)/);
    expect(stdout).toMatch(
      /policy {3}restart\.select: \{cluster:batch,family:report-job,mode:on-failure,includeOrchestrated:false,replaceOnWarning:true\}/,
    );
    expect(stdout).toMatch(/policy {3}scale\.dryRun: false; rule prod\/web: 2 to 12 tasks/);
    // Prune's two phases, announced.
    expect(stdout).toContain('phase 1: deregister stale ACTIVE revisions');
    expect(stdout).toContain('phase 2: delete INACTIVE revisions past the grace period');
    // Restart's reason, explained.
    expect(stdout).toContain('why: No classification rule matched');
    // Scale: the recommendation, and how much of the window is left while stabilizing.
    expect(stdout).toMatch(/recommends 2: stays at 8 \(stabilizing\)/);
    const left = [...stdout.matchAll(/300 s scale-down window: about (\d+) s left/g)].map((m) =>
      Number(m[1]),
    );
    expect(left.length).toBeGreaterThan(1);
    expect(left).toEqual([...left].sort((a, b) => b - a));
    // The time column says it is simulated.
    expect(stdout).toContain('[+m:ss] is simulated time since the story began');
    expect(stdout).toMatch(/^\[ ?\+\d+:\d\d\] /m);
  });
});

describe("the playground's HTML report", () => {
  it('is one self-contained file: no script, no external resource', () => {
    // Assess
    const html = readFileSync(report, 'utf8');
    expect(story.stdout).toContain(`Report with charts: ${report}`);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.match(/(?:src|href)=/g) ?? []).toEqual([]);
  });

  it('renders its charts in a real browser, offline', async () => {
    // Act
    const charts = ['#scale-chart', '#revisions-chart', '#restart-chart'];
    const shapes = [
      '#scale-chart polyline.metric',
      '#scale-chart polyline.desired',
      '#scale-chart polyline.running',
      '#scale-chart line.target',
      '#scale-chart circle.tick',
      '#revisions-chart rect.bar',
      '#restart-chart rect.backoff',
      '#restart-chart circle.stopped',
      '#restart-chart path.abandoned',
    ];
    const page = await openInBrowser(report, [...charts, ...shapes]);

    // Assess: each chart drew what the story did, and the screenshot is not blank.
    expect(page.requests).toEqual([]);
    expect(page.count('#scale-chart polyline.metric')).toBe(1);
    expect(page.count('#scale-chart polyline.desired')).toBe(1);
    expect(page.count('#scale-chart polyline.running')).toBe(1);
    expect(page.count('#scale-chart line.target')).toBe(1);
    expect(page.count('#scale-chart circle.tick')).toBe(11);
    // Four bars (ACTIVE and INACTIVE, before and after) per family of the demo account.
    expect(page.count('#revisions-chart rect.bar')).toBe(8 * 4);
    expect(page.count('#restart-chart rect.backoff')).toBe(3);
    expect(page.count('#restart-chart circle.stopped')).toBe(4);
    expect(page.count('#restart-chart path.abandoned')).toBe(1);
    for (const chart of charts) {
      expect(page.size(chart).width, chart).toBeGreaterThan(500);
      expect(page.inkShare(chart), chart).toBeGreaterThan(0.02);
    }
    expect(page.size('#scale-chart polyline.metric').width).toBeGreaterThan(400);
  }, 60_000);
});

/**
 * Opens a local HTML file in Debian's Chromium (headless, through playwright-core; no browser
 * download) and measures what rendered: element counts, sizes, and the share of non-background
 * pixels in each element's screenshot. Every request other than the file itself is recorded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

/** The flags that let Chromium run as root in this sandbox without reaching the network. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What rendered, per selector asked for. */
export type RenderedPage = {
  /** URLs requested besides the file itself (an offline report requests none). */
  requests: string[];
  count: (selector: string) => number;
  /** Size of the first element the selector matches. */
  size: (selector: string) => { width: number; height: number };
  /** Share of pixels in the element's screenshot that differ from its top-left pixel (`#id` only). */
  inkShare: (selector: string) => number;
  /** Where the full-page screenshot was written. */
  screenshot: string;
};

type Measure = { count: number; width: number; height: number; ink: number };

/**
 * Renders the file and measures every selector before the browser closes.
 * @throws Error when Chromium is missing (CI installs it: .ci/run).
 */
export async function openInBrowser(
  file: string,
  selectors: readonly string[],
): Promise<RenderedPage> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs,
    viewport: { width: 860, height: 1400 },
  });
  try {
    const page = await context.newPage();
    const url = `file://${file}`;
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const screenshot = join(tmpdir(), `playground-report-${process.pid}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    const measures = new Map<string, Measure>();
    for (const selector of selectors) {
      const locator = page.locator(selector);
      const count = await locator.count();
      const box = count === 0 ? null : await locator.first().boundingBox();
      // Whole charts only, clipped from the full page: Chromium cannot scroll an SVG shape into
      // view to shoot it alone.
      const clip = box === null || box.width < 1 || selector.includes(' ') ? undefined : box;
      const ink =
        clip === undefined ? 0 : inkShareOf(await page.screenshot({ clip, fullPage: true }));
      measures.set(selector, { count, width: box?.width ?? 0, height: box?.height ?? 0, ink });
    }
    const get = (selector: string) =>
      measures.get(selector) ?? { count: 0, width: 0, height: 0, ink: 0 };
    return {
      requests,
      screenshot,
      count: (selector) => get(selector).count,
      size: (selector) => ({ width: get(selector).width, height: get(selector).height }),
      inkShare: (selector) => get(selector).ink,
    };
  } finally {
    await context.close();
  }
}

function inkShareOf(png: Buffer): number {
  const { data, width, height } = PNG.sync.read(png);
  let inked = 0;
  for (let offset = 0; offset < data.length; offset += 4) {
    const differs = [0, 1, 2].some(
      (channel) => Math.abs((data[offset + channel] ?? 0) - (data[channel] ?? 0)) > 16,
    );
    if (differs) inked += 1;
  }
  return inked / (width * height);
}

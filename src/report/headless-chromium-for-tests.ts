/**
 * Test helper: Debian's headless Chromium, for the reports' browser tests. `chromiumSkip` is the reason to
 * skip when it is not installed (`.ci/run` installs it); `chromium` runs it with a fresh profile; `screenshot`
 * writes a PNG of a page and checks it is one of the asked size.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng, isPng, type Pixels } from './png-pixels-for-tests.ts';

const CHROMIUM = '/usr/bin/chromium';

export const chromiumSkip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium); the browser test is skipped`;

/** Runs headless Chromium with a fresh profile; resolves with its stdout, rejects on failure or after 60 s. */
export function chromium(dir: string, args: readonly string[]): Promise<string> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', `--user-data-dir=${profile}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, [...flags, ...args], { timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/**
 * A width × height screenshot of `url` written to `png`: asserts it was written, is a PNG of more than 50 kB
 * (a page of charts, not a blank one) and has the asked size; returns its pixels.
 */
export async function screenshot(dir: string, url: string, png: string, width: number, height: number): Promise<Pixels> {
  await chromium(dir, [`--screenshot=${png}`, `--window-size=${String(width)},${String(height)}`, url]);
  assert.ok(existsSync(png), 'no screenshot written');
  const bytes = readFileSync(png);
  assert.ok(isPng(bytes), 'the screenshot is not a PNG');
  assert.ok(bytes.length > 50_000, `screenshot of ${String(bytes.length)} bytes: too small for a page of charts`);
  const image = decodePng(bytes);
  assert.equal(image.width, width);
  assert.equal(image.height, height);
  return image;
}

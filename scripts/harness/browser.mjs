// Debian's Chromium driven by playwright-core: playwright's own browser builds cannot be
// downloaded here. playwright gives each launch a fresh temporary profile and removes it on close.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ensureDebianPackages } from './apt.mjs';

const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium; close it with `browser.close()`. */
export async function launchChromium() {
  if (!existsSync(chromiumPath)) await ensureDebianPackages(['chromium']);
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

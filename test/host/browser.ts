// Debian's Chromium driven by playwright-core: the browser half of the code-server workbench.
import { chromium, type Browser } from 'playwright-core';
import { requirePackages } from './requirements';

export const CHROMIUM_PATH = process.env.TOKENHUB_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(options: { locale?: string } = {}): Promise<Browser> {
  requirePackages('Driving the workbench and the webview in a browser', ['chromium']);
  const args = [...CHROMIUM_ARGS];
  if (options.locale) args.push(`--lang=${options.locale}`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: process.env.TOKENHUB_HEADED ? false : true,
    args,
  });
}

// Takes the console screenshots in docs/images from the Paylode demo:
//   node bin/tsx.js e2e/screenshots.ts
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConsole, launchBrowser, newContext, signIn, startApp } from './helpers.ts';

const out = fileURLToPath(new URL('../docs/images/', import.meta.url));
mkdirSync(out, { recursive: true });

await buildConsole();
const app = await startApp();
const browser = await launchBrowser();
try {
  const context = await newContext(browser, app.url);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 820 });

  await page.goto('/admin/');
  await signIn(page);
  await page.getByRole('row').filter({ hasText: 'Employee records exposed' }).waitFor();
  await page.screenshot({ path: `${out}console-list.png` });

  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.getByRole('link', { name: /Employee records exposed/ }).click();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await page.getByText('Why preventable?').click();
  await page.getByText('Incident declared').waitFor();
  await page.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
  await page.screenshot({ path: `${out}console-incident.png` });
  console.log(`wrote ${out}console-list.png and ${out}console-incident.png`);
} finally {
  await browser.close();
  await app.close();
}

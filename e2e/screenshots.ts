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

  // A draft being written: the checker's findings beside it, marked in the text.
  await page.setViewportSize({ width: 1280, height: 1250 });
  await page.goto('/admin/orgs/paylode/incidents/bucket-exposure/statements/new');
  const form = page.getByRole('form', { name: 'Statement' });
  await form.getByLabel('Title').fill('Update on the exposed payroll exports');
  await form.getByRole('checkbox', { name: 'Employees' }).check();
  await form.getByLabel('Byline').fill('Sam Okafor, CEO');
  await form
    .getByLabel('Text')
    .fill(
      [
        'We are sorry for any inconvenience. Mistakes were made when a storage bucket was set up.',
        '',
        'We have reset all access keys. We will publish the results of an independent audit by 30 June.',
      ].join('\n'),
    );
  await page.getByRole('list', { name: 'Checker findings' }).getByText('LANG-N1').first().waitFor();
  await page.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
  await page.screenshot({ path: `${out}console-statement.png` });

  // The public page the server renders, as anyone sees it.
  const visitor = await (await newContext(browser, app.url)).newPage();
  await visitor.setViewportSize({ width: 1280, height: 1400 });
  await visitor.goto('/paylode/incidents/bucket-exposure');
  await visitor.getByRole('heading', { level: 1 }).waitFor();
  await visitor.screenshot({ path: `${out}public-page.png` });
  console.log(
    `wrote console-list.png, console-incident.png, console-statement.png and public-page.png in ${out}`,
  );
} finally {
  await browser.close();
  await app.close();
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { artifactsDir, openSession, phone, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** Violations of the content security policy, as the page itself reports them. */
const collectViolations = () => {
  const seen: string[] = [];
  document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  (window as unknown as { cspViolations: string[] }).cspViolations = seen;
};

test('the web app, its map and the API docs page work under the content security policy', async () => {
  const { page, context, errors } = await openSession(env.browser, env.server.baseURL, phone);
  await context.addInitScript(collectViolations);
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);

  const home = await page.goto('/');
  assert.match(home?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await page.waitForFunction(() => (document.getElementById('root')?.children.length ?? 0) > 0);
  assert.deepEqual(await violations(), []);

  // The activities map (Leaflet) draws under the policy.
  await page.goto('/activities');
  const select = page.getByTestId('location-select');
  const city = await select.locator('option').nth(3).getAttribute('value');
  await select.selectOption(city!);
  await page.getByTestId('view-map').click();
  await page.getByTestId('activities-map').waitFor();
  await page.locator('.leaflet-container').first().waitFor();
  await page.screenshot({ path: path.join(artifactsDir, 'phone-90-map-under-csp.png') });
  assert.deepEqual(await violations(), []);

  // The API docs page renders its operations.
  await page.goto('/api/docs');
  await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  assert.ok((await page.locator('.opblock').count()) > 50);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors.filter((e) => /Content Security Policy/i.test(e)), []);
  await context.close();
});

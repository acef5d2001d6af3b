import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  realErrors,
  desktop,
  expectPath,
  openSession,
  phone,
  screenshot,
  signUpViaApi,
  uniqueUsername,
  useServerAndBrowser,
  type Session,
} from './_harness.js';

const env = useServerAndBrowser();

/** A calendar date some days from now, as the browser (UTC here) reads it. */
function dateFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Marks the page, so a later check can tell it was never reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}
async function assertNotReloaded(page: Page) {
  assert.equal(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload), true, 'the page was not reloaded');
}

test('two members: one posts a request, the other finds it with filters and applies, it is accepted, and they chat live', async () => {
  // Ada organizes on a desktop; Bo finds her on a phone. Both live in Beijing (the harness's home).
  const a: Session = await openSession(env.browser, env.server.baseURL, desktop);
  const b: Session = await openSession(env.browser, env.server.baseURL, phone);
  const description = `Easy loop around the lakes, picnic at the top ${Date.now().toString(36)}`;
  const day = dateFromNow(7);
  try {
    await signUpViaApi(a.context, uniqueUsername('ada'), 'Ada Hiker');
    await signUpViaApi(b.context, uniqueUsername('bo'), 'Bo Walker');

    // ——— Ada posts a companion request from the Companions section.
    const ap = a.page;
    await ap.goto('/');
    await ap.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Companions' }).click();
    await expectPath(ap, /^\/companions$/);
    await ap.getByRole('heading', { level: 1, name: 'Companions' }).waitFor();
    await ap.getByTestId('new-request').click();
    await expectPath(ap, /^\/companions\/requests\/new$/);
    const form = ap.getByTestId('request-form');
    await form.getByLabel('Interest').selectOption('hiking');
    await form.getByLabel('Description').fill(description);
    await form.getByLabel('Date', { exact: true }).fill(day);
    await form.getByLabel('From', { exact: true }).fill('09:00');
    await form.getByLabel('To', { exact: true }).fill('13:00');
    // The area starts at her home (Beijing); she names it more precisely.
    assert.equal(await form.getByTestId('area-source').inputValue(), 'home');
    await form.getByLabel('Area name').fill('Chaoyang Park');
    await form.getByTestId('request-radius').selectOption('10');
    await form.getByLabel('How many companions?').fill('2');
    await screenshot(ap, 'desktop-60-companion-request-form', true);
    await form.getByTestId('post-request').click();

    await expectPath(ap, /^\/companions\/requests\/\d+$/);
    const requestPath = new URL(ap.url()).pathname;
    await ap.getByTestId('request-description').filter({ hasText: description }).waitFor();
    await ap.getByTestId('applications').getByText('No applications yet').waitFor();
    assert.match((await ap.getByTestId('request-when').first().textContent()) ?? '', /09:00–13:00/);

    // ——— Bo makes a companion card: hiking, free at weekends, around home.
    const bp = b.page;
    await bp.goto('/');
    await bp.getByTestId('nav-companions').click();
    await expectPath(bp, /^\/companions$/);
    await bp.getByTestId('companions-tab-card').click();
    await expectPath(bp, /^\/companions\/card$/);
    const cardForm = bp.getByTestId('card-form');
    await cardForm.waitFor();
    await cardForm.locator('summary', { hasText: 'Outdoors' }).click();
    await cardForm.getByTestId('interest-hiking').click();
    await cardForm.getByLabel('Your level in Hiking').selectOption('beginner');
    await cardForm.getByTestId('quick-weekends').click();
    assert.equal(await cardForm.getByTestId('slot-sat-morning').getAttribute('aria-pressed'), 'true');
    assert.equal(await cardForm.getByLabel('Area name').inputValue(), 'Beijing');
    await cardForm.getByLabel(/^About you/).fill('Slow walker, always brings snacks.');
    await screenshot(bp, 'phone-60-companion-card-form', true);
    await cardForm.getByTestId('save-card').click();
    // A new card leads to the people who match it.
    await expectPath(bp, /^\/companions\/people$/);
    await bp.getByTestId('toast-success').waitFor();

    // ——— Bo looks for requests: hiking, within 5 km.
    await bp.getByTestId('companions-tab-requests').click();
    await expectPath(bp, /^\/companions$/);
    // The Requests tab itself (People, which also has filters, may still be on screen for a moment).
    await bp.getByTestId('near-select').waitFor();
    await bp.getByTestId('filters-button').click();
    const filters = bp.getByTestId('companion-filters');
    await filters.getByLabel('Interest').selectOption('hiking');
    await filters.getByTestId('filter-km-5').click();
    await bp.waitForURL((url) => url.searchParams.get('tag') === 'hiking' && url.searchParams.get('km') === '5');
    const requestCard = bp.getByTestId('request-card').filter({ hasText: description });
    await requestCard.waitFor();
    assert.match((await requestCard.textContent()) ?? '', /Chaoyang Park · Under 1 km away/);
    assert.match((await requestCard.getByTestId('match-score').textContent()) ?? '', /^\d+% match$/);
    assert.match((await requestCard.getByTestId('match-summary').textContent()) ?? '', /hiking/);
    await bp.getByTestId('filters-button').click();
    await requestCard.scrollIntoViewIfNeeded();
    await screenshot(bp, 'phone-61-companion-requests-filtered');

    // The filters live in the URL: a reload keeps them and the result.
    await bp.reload();
    await requestCard.waitFor();
    assert.equal(await bp.getByTestId('filters-button').getByText('1').count(), 1, 'one filter besides the interest is on');

    // Bo applies with a message.
    await requestCard.getByTestId('apply-button').click();
    const dialog = bp.getByRole('dialog', { name: 'Join Ada Hiker' });
    await dialog.getByLabel('Message', { exact: true }).fill('Hi Ada! I would love to join, I can bring tea.');
    await screenshot(bp, 'phone-62-companion-apply');
    await dialog.getByTestId('send-message').click();
    await bp.getByTestId('toast-success').filter({ hasText: 'Application sent' }).waitFor();
    await requestCard.getByTestId('my-application').filter({ hasText: 'You applied · waiting' }).waitFor();

    // ——— Ada sees the application in her inbox and accepts it.
    await ap.getByRole('link', { name: 'Companions', exact: true }).first().click();
    await ap.getByTestId('companions-tab-inbox').click();
    await expectPath(ap, /^\/companions\/inbox$/);
    const application = ap.getByTestId('invite-item').filter({ hasText: 'Bo Walker wants to join your request' });
    await application.waitFor();
    await application.getByText('I can bring tea').waitFor();
    await screenshot(ap, 'desktop-61-companion-inbox');
    await application.getByTestId('accept-invite').click();
    await ap.getByTestId('toast-success').filter({ hasText: 'You and Bo Walker can chat now' }).waitFor();
    // The request page lists it as accepted too.
    await ap.goto(requestPath);
    await ap.getByTestId('applications').getByTestId('invite-item').filter({ hasText: 'Accepted' }).waitFor();
    await ap.getByTestId('applications').getByTestId('open-chat').click();
    await expectPath(ap, /^\/companions\/chats\/\d+$/);
    const chatPath = new URL(ap.url()).pathname;
    await ap.getByTestId('chat-with').filter({ hasText: 'Bo Walker' }).waitFor();

    // ——— Bo opens the chat from his chat list.
    await bp.getByTestId('companions-tab-chats').click();
    await bp.getByTestId('conversation').filter({ hasText: 'Ada Hiker' }).click();
    await expectPath(bp, new RegExp(`^${chatPath}$`));
    await bp.getByTestId('chat-with').filter({ hasText: 'Ada Hiker' }).waitFor();
    await markPage(bp);
    await markPage(ap);
    // Bo also has the chat open in a second tab.
    const bp2 = await b.context.newPage();
    await bp2.goto(chatPath);
    await bp2.getByTestId('chat-with').filter({ hasText: 'Ada Hiker' }).waitFor();

    // Ada writes; Bo sees it without reloading, in both tabs.
    await ap.getByLabel('Message', { exact: true }).fill('Great! Meet at the north gate at 9?');
    await ap.getByTestId('chat-send').click();
    await ap.getByTestId('message').filter({ hasText: 'Meet at the north gate at 9?' }).waitFor();
    await bp.getByTestId('chat-messages').getByText('Meet at the north gate at 9?').waitFor({ timeout: 10_000 });
    await bp2.getByTestId('chat-messages').getByText('Meet at the north gate at 9?').waitFor({ timeout: 10_000 });
    await assertNotReloaded(bp);

    // Bo answers (Enter sends); Ada sees it live.
    const composer = bp.getByLabel('Message', { exact: true });
    await composer.fill('Perfect, see you there!');
    await composer.press('Enter');
    await ap.getByTestId('chat-messages').getByText('Perfect, see you there!').waitFor({ timeout: 10_000 });
    await assertNotReloaded(ap);
    // His other tab shows what he sent from the first, once.
    await bp2.getByTestId('chat-messages').getByTestId('message').filter({ hasText: 'Perfect, see you there!' }).waitFor({ timeout: 10_000 });
    // His application's message opened the chat, then the two sent since.
    assert.equal(await bp2.getByTestId('chat-messages').getByTestId('message').count(), 3);
    await bp2.close();
    // Back to the first tab (a tab in the background reads nothing).
    await bp.bringToFront();
    // Ada's last message was read by Bo, whose chat is open: she sees it marked.
    await ap.getByTestId('message-seen').waitFor({ timeout: 10_000 });
    await screenshot(bp, 'phone-63-companion-chat');
    await screenshot(ap, 'desktop-62-companion-chat');

    // ——— Away from the chat, Bo's Companions tab shows a new message live.
    await bp.getByRole('link', { name: 'Chats' }).first().click();
    await expectPath(bp, /^\/companions\/chats$/);
    await bp.getByTestId('nav-companions').click();
    await expectPath(bp, /^\/companions$/);
    assert.equal(await bp.getByTestId('chat-unread-badge').count(), 0);
    await ap.getByLabel('Message', { exact: true }).fill('Bring a hat, it will be sunny.');
    await ap.getByTestId('chat-send').click();
    await bp.getByTestId('nav-companions').getByTestId('chat-unread-badge').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
    await assertNotReloaded(bp);
    await screenshot(bp, 'phone-64-companion-unread-badge');

    // Opening the chat shows the whole history and clears the badge; so does a reload.
    await bp.getByTestId('companions-tab-chats').click();
    await bp.getByTestId('conversation').filter({ hasText: 'Bring a hat' }).click();
    await bp.getByTestId('chat-messages').getByText('Bring a hat, it will be sunny.').waitFor();
    await bp.getByTestId('nav-companions').getByTestId('chat-unread-badge').waitFor({ state: 'detached', timeout: 10_000 });
    await bp.reload();
    const history = bp.getByTestId('chat-messages').getByTestId('message');
    await history.filter({ hasText: 'Bring a hat' }).waitFor();
    assert.deepEqual(
      (await history.allTextContents()).map((t) => t.replace(/\d{1,2}:\d{2}.*$/, '').trim()),
      ['Hi Ada! I would love to join, I can bring tea.', 'Great! Meet at the north gate at 9?', 'Perfect, see you there!', 'Bring a hat, it will be sunny.'],
    );
    assert.equal(await bp.getByTestId('chat-unread-badge').count(), 0);

    // In Chinese, the request's match reads in Chinese.
    await bp.goto('/companions?tag=hiking');
    await bp.getByTestId('language-select').first().selectOption('zh-CN');
    const zhCard = bp.getByTestId('request-card').filter({ hasText: description });
    await zhCard.getByTestId('match-score').filter({ hasText: /^匹配度 \d+%$/ }).waitFor();
    assert.match((await zhCard.getByTestId('match-summary').textContent()) ?? '', /你也喜欢徒步/);
    await bp.getByTestId('nav-companions').filter({ hasText: '找搭子' }).waitFor();
    await screenshot(bp, 'phone-65-companion-requests-zh');

    assert.deepEqual(realErrors(a.errors), []);
    assert.deepEqual(realErrors(b.errors), []);
  } catch (error) {
    await screenshot(a.page, 'companions-a-failure', true).catch(() => {});
    await screenshot(b.page, 'companions-b-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-60).join('\n'));
    throw error;
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('People asks for a card first; invite, report and withdraw from People; pause and delete the card; a request started from an activity', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(context, uniqueUsername('cy'), 'Cy Newcomer');
    await page.goto('/companions/people');
    await page.getByRole('heading', { name: 'Create your companion card first' }).waitFor();
    await page.getByTestId('create-card-link').click();
    await expectPath(page, /^\/companions\/card$/);
    const cardForm = page.getByTestId('card-form');
    // Interests come from the profile (yoga); saving without a place name is refused in the form.
    await cardForm.getByLabel('Area name').fill('');
    await cardForm.getByTestId('save-card').click();
    await cardForm.getByText('Name your area.').waitFor();
    await cardForm.getByLabel('Area name').fill('Dongcheng');
    await cardForm.getByTestId('quick-weekday-evenings').click();
    await cardForm.getByTestId('save-card').click();
    await expectPath(page, /^\/companions\/people$/);

    // People who match (the demo community has yoga fans around Beijing): each card says why.
    const person = page.getByTestId('person-card').first();
    await person.waitFor();
    assert.match((await person.getByTestId('match-score').textContent()) ?? '', /^\d+% match$/);
    assert.ok(((await person.getByTestId('match-summary').textContent()) ?? '').length > 5);
    const name = ((await person.getByRole('heading', { level: 3 }).textContent()) ?? '').trim();
    await screenshot(page, 'phone-66-companion-people');

    // Report one from the card's menu…
    await person.getByRole('button', { name: `More for ${name}` }).click();
    await page.getByTestId('report-action').click();
    const report = page.getByRole('dialog', { name: `Report ${name}` });
    await report.getByLabel('Spam or advertising').check();
    await report.getByLabel(/^Details/).fill('Sends the same ad to everyone.');
    await report.getByTestId('send-report').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Thanks — our team will look into it.' }).waitFor();

    // …and invite another (or the same): the card then says the invite is out.
    const invitee = page.getByTestId('person-card').filter({ has: page.getByTestId('invite-button') }).first();
    const inviteeName = ((await invitee.getByRole('heading', { level: 3 }).textContent()) ?? '').trim();
    await invitee.getByTestId('invite-button').click();
    const invite = page.getByRole('dialog', { name: `Invite ${inviteeName}` });
    await invite.getByLabel('Message', { exact: true }).fill('Yoga in the park after work?');
    await invite.getByTestId('send-message').click();
    await page.getByTestId('person-card').filter({ hasText: inviteeName }).getByTestId('person-invited').waitFor();
    await page.getByTestId('companions-tab-inbox').click();
    await page.getByTestId('inbox-outgoing').click();
    await page.getByTestId('invite-item').filter({ hasText: `You invited ${inviteeName}` }).getByTestId('withdraw-invite').click();
    await page.getByTestId('invite-item').filter({ hasText: `You invited ${inviteeName}` }).getByText('Withdrawn').waitFor();

    // Pause: the card stays but says so; resume; then delete it.
    await page.getByTestId('companions-tab-card').click();
    await page.getByTestId('card-status').getByText('Your card is live').waitFor();
    await page.getByTestId('toggle-pause').click();
    await page.getByTestId('card-status').getByText('Your card is paused').waitFor();
    const stored = await context.request.get('/api/v1/me/companion-card');
    assert.equal(((await stored.json()) as { discoverable: boolean; area: { name: string } }).discoverable, false);
    await page.getByTestId('toggle-pause').click();
    await page.getByTestId('card-status').getByText('Your card is live').waitFor();
    await page.getByTestId('leave-companions').click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Your card was deleted' }).waitFor();
    const gone = await context.request.get('/api/v1/me/companion-card');
    assert.deepEqual([gone.status(), await gone.json()], [200, null], 'no card is an answer, not an error');
    await page.getByTestId('save-card').filter({ hasText: 'Create my card' }).waitFor();

    // From an activity page, "Find someone to go with" starts a request linked to it, with its time and place.
    const nearby = await context.request.get('/api/v1/activities/nearby?lat=39.9&lng=116.4&radiusKm=100&limit=5');
    const activity = ((await nearby.json()) as { items: { id: number; title: string; timeZone: string; startsAtLocal: string }[] }).items[0];
    assert.ok(activity, 'the demo community has an activity around Beijing');
    await page.goto(`/activities/${activity.id}`);
    await page.getByTestId('find-companion').click();
    await expectPath(page, /^\/companions\/requests\/new$/);
    await page.getByTestId('linked-activity').getByText(activity.title).waitFor();
    assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), activity.startsAtLocal.slice(0, 10));
    assert.equal(await page.getByLabel('From', { exact: true }).inputValue(), activity.startsAtLocal.slice(11, 16));
    assert.match((await page.getByTestId('request-zone').textContent()) ?? '', new RegExp(activity.timeZone.replace('_', ' ')));
    assert.notEqual(await page.getByTestId('request-interest').inputValue(), '');
    assert.deepEqual(realErrors(errors), []);
  } catch (error) {
    await screenshot(page, 'companions-card-failure', true).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

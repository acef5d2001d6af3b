import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessiblePage, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** A phone-camera-like JPEG drawn in the page: a sky and a coloured hill, so each photo looks different. */
async function drawPhoto(page: Page, hill: string): Promise<Buffer> {
  const dataUrl = await page.evaluate((color) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#9cc9e8';
    ctx.fillRect(0, 0, 1600, 1200);
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.moveTo(0, 1200);
    ctx.lineTo(700, 420);
    ctx.lineTo(1600, 1200);
    ctx.fill();
    return canvas.toDataURL('image/jpeg', 0.9);
  }, hill);
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

const altsIn = (page: Page, testId: string) => page.getByTestId(testId).locator('img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).alt));

test('a member writes a guide with three photos on a phone: one upload fails and is retried, they reorder, publish, open the viewer (and report from it), and see the cover on the group list', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(context, uniqueUsername('snap'), 'Sam Shutter');
    const { csrfToken } = (await (await context.request.get('/api/v1/session')).json()) as { csrfToken: string };
    const groupName = `Photo Walkers ${Date.now().toString(36)}`;
    const created = await context.request.post('/api/v1/groups', {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { name: groupName, description: 'Walks with a camera', tags: ['photography'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' },
    });
    assert.equal(created.status(), 201, await created.text());
    const group = (await created.json()) as { id: number };

    await page.goto(`/groups/${group.id}/posts/new`);
    await expectPath(page, /^\/groups\/\d+\/posts\/new$/);
    await page.getByRole('radio', { name: /Guide/ }).check();
    await page.getByLabel('Title').fill('Three viewpoints on the west ridge');
    await page.getByLabel('Body').fill('Go early: the light on the **ridge** is best before nine.');

    // The first upload fails on the way (the network drops it); the other two arrive.
    let dropped = false;
    await page.route('**/api/v1/media', async (route) => {
      if (!dropped) {
        dropped = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    const files = [
      { name: 'trailhead.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(page, '#3f6d3a') },
      { name: 'ridge.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(page, '#8a6d3b') },
      { name: 'summit.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(page, '#5b5f97') },
    ];
    await page.getByTestId('photo-input').setInputFiles(files);
    const picked = page.getByTestId('picked-photo');
    await page.locator('[data-testid="picked-photo"][data-status="failed"]').waitFor();
    await page.locator('[data-testid="picked-photo"][data-status="done"]').nth(1).waitFor({ timeout: 30_000 });
    assert.equal(await picked.count(), 3);
    // Publishing now is refused until the failed one is dealt with.
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Some photos did not upload').waitFor();
    await page.getByRole('button', { name: 'Retry uploading photo 1' }).click();
    await page.locator('[data-testid="picked-photo"][data-status="done"]').nth(2).waitFor({ timeout: 30_000 });

    await page.getByLabel('Description of photo 1').fill('Trailhead at dawn');
    await page.getByLabel('Description of photo 2').fill('The ridge path');
    await page.getByLabel('Description of photo 3').fill('Summit view');
    // The summit photo goes first, so it becomes the cover.
    await page.getByRole('button', { name: 'Move photo 3 earlier' }).click();
    await page.getByRole('button', { name: 'Move photo 2 earlier' }).click();
    const order = await picked.locator('input[type="text"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    assert.deepEqual(order, ['Summit view', 'Trailhead at dawn', 'The ridge path']);
    await picked.first().getByText('Cover').waitFor();
    await expectAccessiblePage(page);
    await screenshot(page, 'phone-photos-01-compose');
    await page.getByRole('button', { name: 'Publish' }).click();

    // The post shows the gallery in that order, above the text.
    await expectPath(page, /^\/posts\/\d+$/);
    await page.getByTestId('gallery').waitFor();
    assert.deepEqual(await altsIn(page, 'gallery'), ['Summit view', 'Trailhead at dawn', 'The ridge path']);
    await screenshot(page, 'phone-photos-02-post');

    // The viewer opens at the tapped photo, moves to the next, and closes with Escape.
    await page.getByRole('button', { name: 'Open photo 1 of 3' }).click();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor();
    await page.getByTestId('viewer-position').filter({ hasText: '1 of 3' }).waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="photo-viewer"] img') as HTMLImageElement | null;
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await page.getByTestId('viewer-next').click();
    await page.getByTestId('viewer-position').filter({ hasText: '2 of 3' }).waitFor();
    await screenshot(page, 'phone-photos-03-viewer');
    // A double tap zooms in; another zooms back out.
    const slide = page.getByTestId('viewer-photo').nth(1);
    await slide.dblclick();
    assert.equal(await slide.getAttribute('data-zoom'), '2.50');
    await slide.dblclick();
    assert.equal(await slide.getAttribute('data-zoom'), '1.00');
    // A photo can be reported from the viewer.
    await page.getByTestId('report-photo').click();
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('send-report').click();
    await page.getByTestId('report-form').waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });

    // The group's list shows the post with its cover, loaded.
    await page.getByTestId('post-group-link').click();
    await expectPath(page, /^\/groups\/\d+$/);
    const card = page.getByTestId('post-card').filter({ hasText: 'Three viewpoints on the west ridge' });
    await card.waitFor();
    const cover = card.locator('.post-card__cover img');
    assert.equal(await cover.getAttribute('alt'), 'Summit view');
    await cover.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector('.post-card__cover img') as HTMLImageElement | null;
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await screenshot(page, 'phone-photos-04-group-list');
    assert.deepEqual(errors.filter((e) => !e.includes('Failed to load resource')), []);
  } finally {
    await context.close();
  }
});

test('an activity’s album and a comment’s photo on a phone: a participant adds photos once it begins, the organizer removes one; a comment carries a photo', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(organizer.context, uniqueUsername('host'), 'Hana Host');
    await signUpViaApi(member.context, uniqueUsername('pax'), 'Pat Paddler');
    const csrf = async (session: typeof member) => ((await (await session.context.request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken;
    // An activity that begins in a few seconds, with the member's seat taken before it does.
    const startsAt = new Date(Date.now() + 6_000);
    const created = await organizer.context.request.post('/api/v1/activities', {
      headers: { 'X-CSRF-Token': await csrf(organizer) },
      data: {
        title: `Lake paddle ${Date.now().toString(36)}`,
        tags: ['kayaking'],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai',
        place: { name: 'Kunming Lake boathouse', address: 'Summer Palace', lat: 39.99, lng: 116.27, meetingPoint: '' },
        fee: { amount: 0, currency: 'CNY' },
        capacity: 10,
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const activity = (await created.json()) as { id: number };
    const registered = await member.context.request.post(`/api/v1/activities/${activity.id}/registrations`, { headers: { 'X-CSRF-Token': await csrf(member) }, data: {} });
    assert.equal(registered.status(), 201, await registered.text());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() - Date.now() + 500)));

    const m = member.page;
    await m.goto(`/activities/${activity.id}`);
    await expectPath(m, /^\/activities\/\d+$/);
    const album = m.getByTestId('activity-album');
    await album.getByTestId('photo-input').setInputFiles([
      { name: 'launch.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(m, '#2f6f8f') },
      { name: 'island.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(m, '#6f8f2f') },
    ]);
    await album.locator('[data-testid="picked-photo"][data-status="done"]').nth(1).waitFor({ timeout: 30_000 });
    await album.getByLabel('Description of photo 1').fill('Boats at the launch');
    await album.getByTestId('album-submit').click();
    await album.getByTestId('gallery-photo').nth(1).waitFor();
    assert.deepEqual(await altsIn(m, 'activity-album'), ['Boats at the launch', '']);
    await screenshot(m, 'phone-60-activity-album');

    // The organizer removes the second one from the viewer.
    const o = organizer.page;
    await o.goto(`/activities/${activity.id}`);
    await expectPath(o, /^\/activities\/\d+$/);
    await o.getByTestId('activity-album').getByTestId('gallery-photo').nth(1).click();
    await o.getByTestId('photo-viewer').waitFor();
    await o.getByTestId('remove-photo').click();
    await o.getByTestId('confirm-button').click();
    await o.getByTestId('photo-viewer').waitFor({ state: 'hidden' });
    await o.waitForFunction(() => document.querySelectorAll('[data-testid="activity-album"] [data-testid="gallery-photo"]').length === 1);
    await m.reload();
    await m.getByTestId('activity-album').getByTestId('gallery-photo').first().waitFor();
    assert.deepEqual(await altsIn(m, 'activity-album'), ['Boats at the launch']);
    // Who else was there: the member follows the organizer from the page.
    const host = m.getByTestId('went-with-person').filter({ hasText: 'Hana Host' });
    await host.getByRole('button', { name: 'Follow Hana Host' }).click();
    await host.getByText('Following').waitFor();

    // A comment with a photo, on the organizer's post.
    const groupCreated = await organizer.context.request.post('/api/v1/groups', {
      headers: { 'X-CSRF-Token': await csrf(organizer) },
      data: { name: `Lake Paddlers ${Date.now().toString(36)}`, description: 'Paddles on the lake', tags: ['kayaking'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' },
    });
    const group = (await groupCreated.json()) as { id: number };
    const posted = await organizer.context.request.post(`/api/v1/groups/${group.id}/posts`, {
      headers: { 'X-CSRF-Token': await csrf(organizer) },
      data: { kind: 'question', title: 'Who is coming next week?', body: 'Same boathouse.' },
    });
    const post = (await posted.json()) as { id: number };
    await member.context.request.post(`/api/v1/groups/${group.id}/join`, { headers: { 'X-CSRF-Token': await csrf(member) } });
    await m.goto(`/posts/${post.id}`);
    await expectPath(m, /^\/posts\/\d+$/);
    const form = m.getByTestId('comment-form');
    await form.getByRole('textbox').fill('Me! Here is the view from last time.');
    await form.getByTestId('comment-photo-input').setInputFiles({ name: 'view.jpg', mimeType: 'image/jpeg', buffer: await drawPhoto(m, '#8f2f6f') });
    await form.locator('[data-testid="comment-photo"][data-status="done"]').waitFor({ timeout: 30_000 });
    await form.getByTestId('submit-comment').click();
    const comment = m.getByTestId('comment').filter({ hasText: 'Here is the view from last time.' });
    await comment.getByTestId('gallery-photo').locator('img').waitFor();
    await screenshot(m, 'phone-61-comment-photo');
  } finally {
    await organizer.context.close();
    await member.context.close();
  }
});

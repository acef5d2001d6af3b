import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  realErrors,
  apiAs,
  expectAccessiblePage,
  expectNoSidewaysScroll,
  expectPath,
  openSession,
  phone,
  screenshot,
  signUpViaApi,
  uniqueUsername,
  useServerAndBrowser,
} from './_harness.js';

const env = useServerAndBrowser();

const DAY = 86_400_000;
/** Every member of the seeded demo community signs in with the demo account's password. */
const DEMO_PASSWORD = 'kindred-demo';
/**
 * The demo community's one quiet group (the last one the seed makes): nothing posted or held there in four
 * months, and its owner has not been here for longer. Every other member of the demo was here lately.
 */
const IDLE_GROUP = 'SF Tandem: Mandarin · Spanish · English';

interface Person {
  id: number;
  username: string;
  displayName: string;
}
interface Stewardship {
  ownerAway: boolean;
  claim: { claimant: Person; effectiveAt: string } | null;
  canClaim: boolean;
  canObject: boolean;
  stepUp: Person[];
  canStepUp: boolean;
}
interface GroupSummary {
  id: number;
  name: string;
  city: string;
  visibility: string;
  joinPolicy: string;
  owner: Person;
}
interface Member {
  user: Person;
  role: 'owner' | 'admin' | 'member';
}

/** Signs a member of the demo community in inside a context. */
async function signInAsDemoMember(context: BrowserContext, username: string) {
  const res = await context.request.post('/api/v1/auth/signin', { data: { username, password: DEMO_PASSWORD } });
  if (res.status() !== 200) throw new Error(`signin as ${username} failed: ${res.status()} ${await res.text()}`);
}

/** Everyone in the group with their role (all pages). */
async function membersOf(context: BrowserContext, groupId: number): Promise<Member[]> {
  const all: Member[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: { items: Member[]; nextCursor: string | null } } = await apiAs(context, 'GET', `/groups/${groupId}/members?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200);
    all.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

/** The claim's hand-over date as the card writes it: the page's own language and time zone. */
function handOverDate(page: Page, iso: string) {
  return page.evaluate(
    (at) =>
      new Intl.DateTimeFormat(document.documentElement.lang, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).format(new Date(at)),
    iso,
  );
}

test('stewardship card (phone): with the admins gone, an active member steps up and claims the group of an owner long away; the owner objects in Chinese', async () => {
  const newcomer = await openSession(env.browser, env.server.baseURL, phone);
  const steward = await openSession(env.browser, env.server.baseURL, phone);
  const owner = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    await signUpViaApi(newcomer.context, uniqueUsername('newbie'), 'Nora Newcomer');

    // The demo community's members were here lately, so its groups are looked after and show no card...
    const listed = await apiAs<{ items: GroupSummary[] }>(newcomer.context, 'GET', '/groups?limit=50');
    const lively = listed.body.items.find((g) => ['London', 'San Francisco'].includes(g.city) && g.visibility === 'public' && g.joinPolicy === 'open' && g.owner.username !== 'demo' && g.name !== IDLE_GROUP);
    assert.ok(lively, 'the demo community has an open English group owned by one of its members');
    assert.equal((await apiAs(newcomer.context, 'POST', `/groups/${lively.id}/join`)).status, 200);
    const looked = await apiAs<Stewardship>(newcomer.context, 'GET', `/groups/${lively.id}/stewardship`);
    assert.deepEqual([looked.body.ownerAway, looked.body.claim, looked.body.stepUp], [false, null, []], `${lively.owner.username} was here lately`);
    await newcomer.page.goto(`/groups/${lively.id}`);
    await expectPath(newcomer.page, new RegExp(`^/groups/${lively.id}$`));
    await newcomer.page.getByTestId('group-tab-members').waitFor();
    assert.equal(await newcomer.page.getByTestId('stewardship').count(), 0, 'no card where the owner is around');

    // ...all but its one quiet group, whose owner has been away for months.
    const found = listed.body.items.find((g) => g.name === IDLE_GROUP);
    assert.ok(found, `the demo community has the quiet group ${IDLE_GROUP}`);
    assert.deepEqual([found.visibility, found.joinPolicy], ['public', 'open']);
    const group: GroupSummary = found;
    assert.equal((await apiAs(newcomer.context, 'POST', `/groups/${group.id}/join`)).status, 200);
    const admins = (await membersOf(newcomer.context, group.id)).filter((m) => m.role === 'admin').map((m) => m.user);
    assert.ok(admins.length > 0, 'the group has admins');

    // While an admin is there, they may claim the group and nobody is asked to step up. Then every admin leaves.
    for (const [i, admin] of admins.entries()) {
      const context = await env.browser.newContext({ baseURL: env.server.baseURL });
      try {
        await signInAsDemoMember(context, admin.username);
        if (i === 0) {
          const seen = await apiAs<Stewardship>(context, 'GET', `/groups/${group.id}/stewardship`);
          assert.equal(seen.status, 200);
          assert.deepEqual([seen.body.ownerAway, seen.body.canClaim, seen.body.claim, seen.body.stepUp], [true, true, null, []], `${group.owner.username} has been away and ${admin.username} may claim`);
        }
        assert.equal((await apiAs(context, 'POST', `/groups/${group.id}/leave`)).status, 200);
      } finally {
        await context.close();
      }
    }

    // A newcomer sees that the group needs an admin and who is asked to step up, but is not asked.
    const n = newcomer.page;
    await n.goto(`/groups/${group.id}`);
    await expectPath(n, new RegExp(`^/groups/${group.id}$`));
    const offered = await apiAs<Stewardship>(newcomer.context, 'GET', `/groups/${group.id}/stewardship`);
    assert.equal(offered.body.stepUp.length, 3, 'the three most active members are asked');
    assert.equal(offered.body.canStepUp, false, 'a newcomer is not among the most active');
    assert.equal(offered.body.stepUp.some((p) => p.username === group.owner.username), false, 'the owner is not asked');
    const card = n.getByTestId('stewardship');
    await card.getByRole('heading', { name: 'The group needs an admin' }).waitFor();
    await card.getByText('Nobody looks after it now. The most active members may step up as admins:').waitFor();
    const people = card.getByRole('listitem').getByRole('link');
    assert.equal(await people.count(), 3);
    for (const [i, person] of offered.body.stepUp.entries()) {
      await people.nth(i).and(card.getByRole('link', { name: person.displayName, exact: true })).waitFor();
      assert.equal(await people.nth(i).getAttribute('href'), `/u/${person.username}`);
    }
    assert.equal(await card.getByTestId('step-up').count(), 0, 'no step-up button for the newcomer');
    assert.equal(await card.getByTestId('claim-group').count(), 0, 'nor a claim: the newcomer is no admin');
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(n, 'phone-stewardship-01-step-up-offer');

    // The most active member steps up from the card, and is an admin now: the card offers them the claim.
    const candidate = offered.body.stepUp[0]!;
    await signInAsDemoMember(steward.context, candidate.username);
    const s = steward.page;
    await s.goto(`/groups/${group.id}`);
    await expectPath(s, new RegExp(`^/groups/${group.id}$`));
    const mine = s.getByTestId('stewardship');
    await mine.getByRole('heading', { name: 'The group needs an admin' }).waitFor();
    await mine.getByRole('link', { name: candidate.displayName }).waitFor();
    await mine.getByTestId('step-up').filter({ hasText: 'Step up as an admin' }).click();
    await s.getByTestId('toast-success').filter({ hasText: 'You are an admin now. Thank you!' }).waitFor();
    await mine.getByRole('heading', { name: 'The owner hasn’t been here for 60 days' }).waitFor();
    await mine.getByText('An admin may take over the group. The owner is told and has 7 days to object.').waitFor();
    assert.equal(await mine.getByTestId('step-up').count(), 0);
    const roles = await membersOf(steward.context, group.id);
    assert.equal(roles.find((m) => m.user.username === candidate.username)?.role, 'admin', `${candidate.username} is an admin now`);
    assert.deepEqual(roles.filter((m) => m.role !== 'member').map((m) => m.user.username).sort(), [candidate.username, group.owner.username].sort());
    await expectAccessiblePage(s);

    // They take the group over: asked to confirm, the claim is sent and the card shows it pending for 7 days.
    await mine.getByTestId('claim-group').filter({ hasText: 'Take over this group' }).click();
    const dialog = s.getByRole('dialog');
    await dialog.getByText('Take over this group?').waitFor();
    await dialog.getByText('The owner is told now. If they don’t object within 7 days, you become the owner and they stay on as an admin.').waitFor();
    await screenshot(s, 'phone-stewardship-02-claim-confirm');
    await dialog.getByTestId('confirm-button').filter({ hasText: 'Claim the group' }).click();
    await s.getByTestId('toast-success').filter({ hasText: 'Claim sent. The owner has 7 days to object.' }).waitFor();
    const pending = mine.getByTestId('stewardship-claim');
    await pending.waitFor();
    const claimed = await apiAs<Stewardship>(steward.context, 'GET', `/groups/${group.id}/stewardship`);
    assert.equal(claimed.body.claim?.claimant.username, candidate.username);
    const effectiveAt = claimed.body.claim!.effectiveAt;
    assert.ok(Math.abs(new Date(effectiveAt).getTime() - (Date.now() + 7 * DAY)) < 5 * 60_000, `hands over in 7 days: ${effectiveAt}`);
    assert.equal((await pending.textContent())?.trim(), `${candidate.displayName} takes over on ${await handOverDate(s, effectiveAt)} unless the owner objects`);
    await mine.getByTestId('withdraw-claim').filter({ hasText: 'Withdraw my claim' }).waitFor();
    assert.equal(await mine.getByTestId('claim-group').count(), 0, 'one claim at a time');
    await expectNoSidewaysScroll(s);
    await mine.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(s, 'phone-stewardship-03-claim-pending');

    // The owner comes back (in Chinese): told of the claim, they follow the notice to the group and object.
    await signInAsDemoMember(owner.context, group.owner.username);
    const o = owner.page;
    await o.goto('/notifications');
    await expectPath(o, /^\/notifications$/);
    await o.getByRole('heading', { name: '通知' }).waitFor();
    const notice = o.locator('[data-testid="notification"][data-kind="group.ownership_claim"]');
    const zhDate = await handOverDate(o, effectiveAt);
    assert.equal(
      (await notice.getByTestId('notification-sentence').textContent())?.trim(),
      `${candidate.displayName} 申请在你离开期间接管“${group.name}”。除非你提出异议，小组将于 ${zhDate} 转交给对方。`,
    );
    await notice.getByRole('link').click();
    await expectPath(o, new RegExp(`^/groups/${group.id}$`));
    const theirs = o.getByTestId('stewardship');
    // Back, the owner is told of the claim rather than that they have been away.
    await theirs.getByRole('heading', { name: '有管理员申请接管这个小组' }).waitFor();
    assert.equal(await theirs.getByText('组长已经 60 天没有来过了').count(), 0);
    assert.equal((await theirs.getByTestId('stewardship-claim').textContent())?.trim(), `除非组长提出异议，${candidate.displayName} 将于 ${zhDate} 接管`);
    assert.equal(await theirs.getByTestId('withdraw-claim').count(), 0, 'the owner objects rather than withdraws');
    await expectNoSidewaysScroll(o);
    await theirs.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(o, 'phone-stewardship-04-owner-objects-zh');
    await theirs.getByTestId('object-claim').filter({ hasText: '提出异议' }).click();
    await o.getByTestId('toast-success').filter({ hasText: '你已提出异议，小组仍归你所有。' }).waitFor();
    // The owner is back and nobody claims the group: the card is gone.
    await theirs.waitFor({ state: 'detached' });
    await expectAccessiblePage(o);

    // The claimant is told, and the group stays the owner's with the claimant an admin.
    const after = await apiAs<Stewardship>(steward.context, 'GET', `/groups/${group.id}/stewardship`);
    assert.deepEqual([after.body.ownerAway, after.body.claim, after.body.canClaim], [false, null, false], 'the owner is back: nothing to claim');
    const told = await apiAs<{ items: { kind: string }[] }>(steward.context, 'GET', '/me/notifications');
    assert.ok(told.body.items.some((item) => item.kind === 'group.ownership_objected'), 'the claimant hears of the objection');
    const shown = await apiAs<{ owner: Person }>(steward.context, 'GET', `/groups/${group.id}`);
    assert.equal(shown.body.owner.username, group.owner.username);
    await s.reload();
    await expectPath(s, new RegExp(`^/groups/${group.id}$`));
    await s.getByTestId('group-tab-members').waitFor();
    assert.equal(await s.getByTestId('stewardship').count(), 0, 'no card once the owner is back');

    assert.deepEqual(realErrors(newcomer.errors), []);
    assert.deepEqual(realErrors(steward.errors), []);
    assert.deepEqual(realErrors(owner.errors), []);
  } catch (error) {
    await screenshot(newcomer.page, 'stewardship-newcomer-failure').catch(() => undefined);
    await screenshot(steward.page, 'stewardship-steward-failure').catch(() => undefined);
    await screenshot(owner.page, 'stewardship-owner-failure').catch(() => undefined);
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await newcomer.context.close();
    await steward.context.close();
    await owner.context.close();
  }
});

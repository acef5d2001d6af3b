import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, expectNoSidewaysScroll, expectPath, openSession, phone, realErrors, screenshot, signInViaApi, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

test('a member pays, opens the receipt from the confirmation, sees it in Payments with the total, cancels and sees the refund (phone, English and Chinese)', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  const stranger = await openSession(env.browser, env.server.baseURL, phone);
  const memberName = uniqueUsername('payer');
  const title = `Lakeside lantern walk ${Date.now().toString(36)}`;
  let zh: Awaited<ReturnType<typeof openSession>> | null = null;
  try {
    await signUpViaApi(organizer.context, uniqueUsername('org'), 'Olga Organizer');
    const startsAt = new Date(Date.now() + 4 * 86_400_000);
    const created = await apiAs<{ id: number }>(organizer.context, 'POST', '/activities', {
      title,
      tags: ['hiking'],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name: 'Houhai lake', address: 'Xicheng', lat: 39.94, lng: 116.38, meetingPoint: '' },
      fee: { amount: 8800, currency: 'CNY' },
      capacity: 10,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const activityPath = `/activities/${created.body.id}`;

    // ——— Register and pay; the confirmation links to the receipt.
    await signUpViaApi(member.context, memberName, 'Pei Payer');
    const m = member.page;
    await m.goto(activityPath);
    await expectPath(m, /^\/activities\/\d+$/);
    await m.getByTestId('register-button').click();
    await m.getByTestId('pay-button').click();
    await m.getByTestId('registration-confirmed').waitFor({ timeout: 20_000 });
    await m.getByTestId('view-receipt').click();
    await expectPath(m, /^\/payments\/\d+\/receipt$/);
    const receiptPath = new URL(m.url()).pathname;
    const receipt = m.getByTestId('receipt');
    await receipt.waitFor();
    assert.match((await m.getByTestId('receipt-number').textContent()) ?? '', /^KR-\d{8}-\d{6}$/);
    assert.equal((await m.getByTestId('receipt-amount').textContent())?.trim(), '¥88.00');
    assert.equal((await receipt.getByTestId('payment-status').textContent())?.trim(), 'Paid');
    await receipt.getByRole('link', { name: title }).waitFor();
    await receipt.getByText('Olga Organizer').waitFor();
    await receipt.getByText('Pei Payer').waitFor();
    await receipt.getByText('Kindred Wallet').waitFor();
    // Dates and times are in 24-hour time.
    assert.doesNotMatch((await receipt.textContent()) ?? '', /\b(AM|PM)\b/);
    await m.getByTestId('print-receipt').waitFor();
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-payments-01-receipt', true);

    // ——— Payments, from the account page: the method, the total, the line.
    await m.goto('/me');
    await m.getByTestId('profile-payments').click();
    await expectPath(m, /^\/me\/payments$/);
    await m.getByTestId('payment-method').getByText('Demo').waitFor();
    await m.getByTestId('payment-method').getByText('no real money', { exact: false }).waitFor();
    const cny = m.getByTestId('payment-total-CNY');
    assert.equal((await cny.getByTestId('payment-net').textContent())?.trim(), '¥88.00');
    const lines = m.getByTestId('payment-history').getByTestId('payment-line');
    assert.equal(await lines.count(), 1);
    assert.equal((await lines.first().getByTestId('payment-amount').textContent())?.trim(), '¥88.00');
    await lines.first().getByRole('link', { name: title }).waitFor();
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-payments-02-payments', true);

    // ——— Another member cannot read the receipt.
    await signUpViaApi(stranger.context, uniqueUsername('other'), 'Otto Other');
    const refused = await apiAs(stranger.context, 'GET', receiptPath);
    assert.equal(refused.status, 404);

    // ——— Cancel: the refund shows on the activity, then in Payments.
    await m.goto(activityPath);
    await m.getByTestId('cancel-registration').click();
    await m.getByRole('dialog').getByTestId('confirm-button').click();
    await m.getByTestId('refund-amount').filter({ hasText: '¥88.00 refunded' }).waitFor();
    await m.getByTestId('view-receipt').waitFor();
    await m.goto('/me/payments');
    await expectPath(m, /^\/me\/payments$/);
    await lines.nth(1).waitFor();
    assert.equal(await lines.first().getAttribute('data-kind'), 'refund');
    assert.equal((await lines.first().getByTestId('payment-amount').textContent())?.trim(), '+¥88.00');
    assert.equal((await lines.nth(1).getByTestId('payment-status').textContent())?.trim(), 'Refunded');
    assert.equal((await cny.getByTestId('payment-refunded').textContent())?.trim(), '¥88.00');
    assert.equal((await cny.getByTestId('payment-net').textContent())?.trim(), '¥0.00');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-payments-03-refunded', true);
    await m.goto(receiptPath);
    await m.getByTestId('receipt-refund').waitFor();
    assert.equal((await m.getByTestId('receipt-net').textContent())?.trim(), '¥0.00');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-payments-04-receipt-refunded', true);

    // ——— The same in Chinese.
    zh = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
    await signInViaApi(zh.context, memberName);
    const z = zh.page;
    await z.goto('/me/payments');
    await expectPath(z, /^\/me\/payments$/);
    await z.getByRole('heading', { name: '钱包与付款记录' }).waitFor();
    await z.getByTestId('payment-method').getByText('演示').waitFor();
    await z.getByTestId('payment-history').getByTestId('payment-status').filter({ hasText: '已退款' }).waitFor();
    await expectNoSidewaysScroll(z);
    await screenshot(z, 'phone-payments-05-payments-zh', true);
    await z.goto(receiptPath);
    await z.getByTestId('receipt').getByRole('heading', { name: '收据' }).waitFor();
    await expectNoSidewaysScroll(z);
    await screenshot(z, 'phone-payments-06-receipt-zh', true);

    assert.deepEqual(realErrors(member.errors), []);
    assert.deepEqual(realErrors(zh.errors), []);
  } catch (error) {
    await screenshot(member.page, 'payments-member-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await organizer.context.close();
    await member.context.close();
    await stranger.context.close();
    await zh?.context.close();
  }
});

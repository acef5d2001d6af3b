import { DateTime } from 'luxon';
import { mapCells } from '../../src/lib/map-cells.js';
import { newCheckInCode } from '../../src/features/activities/registrations.repository.js';
import type { Gen } from './context.js';
import { memberInterestKeys, type Members } from './members.js';
import { activityTitle, categoryOfTag, paragraph, type Lang } from './text.js';
import { pointNear } from './world.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const zeroDecimal = new Set(['JPY', 'KRW']);

export interface ActivityPlan {
  groupId: number | null;
  /** Member index of the organizer. */
  organizer: number;
  cityIndex: number;
  tag: string;
  lang: Lang;
  /** Member indexes who may register: candidates[from, to). */
  candidates: ArrayLike<number>;
  from: number;
  to: number;
  /** Nothing about the activity happens before this (the group's creation). */
  notBefore: number;
}

/**
 * One activity, past (completed) or upcoming (published), with its
 * registrations: seats never exceed capacity, the rest wait in order, some
 * await approval or cancelled. A paid seat has a settled wallet charge, a
 * succeeded payment and its balanced ledger transaction, as recordCharge
 * writes them; a completed paid activity is paid out as recordPayout does.
 * Upcoming ones get the reminder and completion jobs the app schedules.
 */
export async function addActivity(gen: Gen, m: Members, plan: ActivityPlan) {
  const { rng, t, loader, now, picker } = gen;
  const city = gen.cities[plan.cityIndex]!;
  const id = ++gen.ids.activities;
  const daysSinceStart = Math.floor((now - plan.notBefore) / DAY);
  const past = daysSinceStart > 4 && rng.chance(0.55);
  const dayOffset = past ? -rng.int(2, Math.min(180, daysSinceStart - 2)) : rng.int(1, 60);
  const local = DateTime.fromMillis(now, { zone: city.timeZone }).startOf('day').plus({ days: dayOffset, hours: rng.pick([9, 10, 14, 19]) });
  const startsAt = local.toMillis();
  const duration = rng.pick([90, 120, 180, 240, 300]);
  const endsAt = startsAt + duration * MINUTE;
  const createdAt = Math.max(plan.notBefore, Math.min(now - HOUR, startsAt - rng.int(5, 40) * DAY));

  const paid = rng.chance(0.3);
  const currency = city.currency;
  const fee = !paid ? 0 : currency === 'CNY' ? rng.int(2, 20) * 1000 : zeroDecimal.has(currency) ? rng.int(10, 60) * (currency === 'KRW' ? 1000 : 100) : rng.int(5, 40) * 100;
  const capacity = rng.pick([6, 8, 10, 12, 15, 20, 30, 50]);
  const requiresApproval = rng.chance(0.06);
  const category = categoryOfTag(plan.tag);
  const { title, place } = activityTitle(rng, plan.lang, plan.tag);
  const description = paragraph(rng, plan.lang, category, rng.int(20, 50));
  const point = pointNear(rng, city, 0.08);
  const organizerId = m.firstId + plan.organizer;

  // Registrations in order of arrival, between the announcement and the start (or now).
  picker.begin();
  picker.exclude(plan.organizer);
  const wanted = past ? rng.int(Math.floor(capacity / 3), capacity) : rng.chance(0.2) ? capacity + rng.int(1, 8) : rng.int(0, capacity);
  const people: number[] = [];
  picker.draw(plan.candidates, plan.from, plan.to, wanted, people);
  const windowStart = createdAt + HOUR;
  const windowEnd = Math.max(windowStart + MINUTE, Math.min(startsAt - HOUR, now - MINUTE));
  let seated = 0;
  let waiting = 0;
  let recent = 0;
  let escrowAccount = 0;
  // Who holds a seat, with the organizer: people who go out together, for the follow graph.
  const together = [plan.organizer];
  for (let k = 0; k < people.length; k++) {
    const userId = m.firstId + people[k]!;
    const queuedAt = windowStart + ((windowEnd - windowStart) * (k + rng.next())) / people.length;
    let status: 'confirmed' | 'waitlisted' | 'pending_approval' | 'cancelled';
    if (past) {
      if (seated >= capacity) break;
      status = 'confirmed';
    } else if (requiresApproval && k > 0 && rng.chance(0.25)) status = 'pending_approval';
    else if (fee === 0 && rng.chance(0.05)) status = 'cancelled';
    else status = seated < capacity ? 'confirmed' : 'waitlisted';
    if (status === 'confirmed') {
      seated++;
      together.push(people[k]!);
    }
    if (status === 'waitlisted') waiting++;
    if (status !== 'cancelled' && queuedAt >= now - 7 * DAY) recent++;
    const registrationId = ++gen.ids.registrations;
    const amountPaid = status === 'confirmed' ? fee : 0;
    const checkedInAt = past && rng.chance(0.85) ? startsAt + rng.int(0, 15) * MINUTE : null;
    t.registrations.add(registrationId, id, userId, status, queuedAt, amountPaid, newCheckInCode(), checkedInAt, queuedAt, queuedAt);
    if (t.registrations.full) await loader.flush(t.registrations);
    if (amountPaid > 0) {
      const paymentId = ++gen.ids.payments;
      const chargeId = `ch_gen_${registrationId}`;
      const key = `gen-${registrationId}`;
      t.walletCharges.add(chargeId, key, amountPaid, currency, 'succeeded', queuedAt);
      t.payments.add(paymentId, id, registrationId, userId, key, 'wallet', chargeId, amountPaid, currency, 'succeeded', queuedAt, queuedAt);
      if (!escrowAccount) escrowAccount = account(gen, `activity_escrow:${id}`, currency);
      // recordCharge: the provider holds the money, the activity's escrow owes it.
      posting(gen, 'charge', `payment:${paymentId}`, queuedAt, [
        [providerCash(gen, currency), amountPaid],
        [escrowAccount, -amountPaid],
      ]);
    }
  }
  gen.circles.add(together);
  if (past && fee > 0 && seated > 0) {
    // recordPayout: after completion the escrow becomes payable to the organizer.
    let payable = gen.organizerPayable.get(organizerId);
    if (!payable) {
      payable = account(gen, `organizer_payable:${organizerId}`, currency);
      gen.organizerPayable.set(organizerId, payable);
    }
    posting(gen, 'payout', `activity:${id}`, endsAt + HOUR, [
      [escrowAccount, seated * fee],
      [payable, -seated * fee],
    ]);
  }
  if (!past) {
    for (const hours of [24, 2]) {
      const at = startsAt - hours * HOUR;
      if (at > now) t.jobs.add('activity.remind', `${id}:${hours}`, JSON.stringify({ activityId: id, hours }), at);
    }
    t.jobs.add('activity.complete', String(id), JSON.stringify({ activityId: id }), endsAt + HOUR);
  }

  const outdoors = category === 'outdoors' || category === 'sports';
  t.activities.add(
    id,
    plan.groupId,
    organizerId,
    title,
    description,
    [plan.tag],
    startsAt,
    endsAt,
    city.timeZone,
    place,
    plan.lang === 'zh' ? `${place} ${rng.int(1, 300)} 号` : `${rng.int(1, 300)} ${place} Road`,
    point.lat,
    point.lng,
    mapCells(point.lat, point.lng),
    plan.lang === 'zh' ? `${place} 正门` : `Main entrance, ${place}`,
    outdoors ? rng.pick(['easy', 'moderate', 'hard']) : null,
    ['hiking', 'cycling', 'running'].includes(plan.tag) ? rng.int(3, 40) : null,
    duration,
    fee,
    currency,
    capacity,
    seated,
    waiting,
    requiresApproval,
    paid ? 6 : null,
    paid ? 50 : null,
    past ? 'completed' : 'published',
    rng.int(capacity, capacity * 30),
    recent,
    createdAt,
    past ? endsAt + HOUR : createdAt,
  );
  await loader.flushFull();
}

function account(gen: Gen, code: string, currency: string): number {
  const id = ++gen.ids.ledger_accounts;
  gen.t.ledgerAccounts.add(id, code, currency);
  return id;
}

function providerCash(gen: Gen, currency: string): number {
  let id = gen.providerCash.get(currency);
  if (!id) {
    id = account(gen, `provider_cash:${currency}`, currency);
    gen.providerCash.set(currency, id);
  }
  return id;
}

/** One balanced ledger transaction, as postTransaction writes it. */
function posting(gen: Gen, kind: 'charge' | 'payout', reference: string, at: number, legs: [account: number, amount: number][]) {
  if (legs.reduce((sum, [, amount]) => sum + amount, 0) !== 0) throw new Error(`unbalanced ledger transaction ${kind}:${reference}`);
  const id = ++gen.ids.ledger_transactions;
  gen.t.ledgerTransactions.add(id, kind, reference, at);
  gen.t.ledgerReferences.add(kind, reference, id);
  for (const [accountId, amount] of legs) gen.t.ledgerEntries.add(id, accountId, amount);
}

/** Activities without a group: organized by one member, open to people in their city. */
export async function generateStandaloneActivities(gen: Gen, m: Members) {
  const count = Math.round(gen.scale.activities * 0.15);
  for (let i = 0; i < count; i++) {
    const organizer = gen.rng.int(0, m.count - 1);
    const cityIndex = m.city[organizer]!;
    const city = gen.cities[cityIndex]!;
    await addActivity(gen, m, {
      groupId: null,
      organizer,
      cityIndex,
      tag: memberInterestKeys(m, organizer)[0] ?? 'hiking',
      lang: city.lang,
      candidates: m.byCity.items,
      from: m.byCity.offsets[cityIndex]!,
      to: m.byCity.offsets[cityIndex + 1]!,
      notBefore: gen.now - 200 * DAY,
    });
    if ((i & 255) === 0) await gen.loader.breathe();
  }
}

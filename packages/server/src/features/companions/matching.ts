import { findInterest, type Budget, type CostSharing, type Gender, type Match, type MatchReason, type SkillLevel } from '@kindred/contract';
import { BUCKET_PHRASES, cellDistanceKm, distanceBucket, type CellCentre } from '../../lib/coarse-location.js';
import { bitsToSlots, countBits, dayBits, freeOn, slotName } from './availability.js';

/**
 * Companion matching, pure: who may be shown to whom, and how well they fit.
 * A match must satisfy both sides' preferences and the searcher's filters;
 * the score then ranks what is left, and the reasons say why.
 */

export interface Preferences {
  ageMin: number | null;
  ageMax: number | null;
  genders: readonly Gender[];
  skills: readonly SkillLevel[];
}

export interface Person {
  userId: number;
  age: number | null;
  gender: Gender | null;
  /** Skill per interest tag, as far as known. */
  skills: ReadonlyMap<string, SkillLevel | null>;
}

export interface CardSide extends Person {
  slots: number;
  dates: readonly string[];
  cell: CellCentre;
  travelKm: number;
  prefs: Preferences;
  groupSizeMax: number;
  budget: Budget;
  costSharing: CostSharing;
}

export interface RequestSide {
  author: Person;
  tag: string;
  slots: number;
  /** The date of a one-off request; null when recurring. */
  date: string | null;
  /** The last date of a recurring request. */
  until: string | null;
  cell: CellCentre;
  radiusKm: number;
  /** Everyone going, the author included. */
  groupSize: number;
  prefs: Preferences;
  budget: Budget;
  costSharing: CostSharing;
}

/** Who is looking at requests: their own card if they have one, else their profile and place. */
export interface Searcher extends Person {
  cell: CellCentre;
  card: CardSide | null;
}

export interface Filters {
  tag?: string;
  maxKm?: number;
  slots?: number;
  date?: string;
  ageMin?: number;
  ageMax?: number;
  genders?: readonly Gender[];
  skills?: readonly SkillLevel[];
  groupSize?: number;
}

const SKILLS: readonly SkillLevel[] = ['beginner', 'intermediate', 'advanced'];
const BUDGETS: readonly Budget[] = ['free', 'low', 'medium', 'any'];

/** Does `person` fit these preferences? An unknown age or gender never satisfies a stated preference. */
export function accepts(prefs: Preferences, person: Person, tags: readonly string[]): boolean {
  if (prefs.ageMin !== null || prefs.ageMax !== null) {
    if (person.age === null) return false;
    if (prefs.ageMin !== null && person.age < prefs.ageMin) return false;
    if (prefs.ageMax !== null && person.age > prefs.ageMax) return false;
  }
  if (prefs.genders.length > 0 && (person.gender === null || !prefs.genders.includes(person.gender))) return false;
  if (prefs.skills.length > 0) {
    return tags.some((tag) => {
      const skill = person.skills.get(tag);
      return skill != null && prefs.skills.includes(skill);
    });
  }
  return true;
}

function filterPreferences(f: Filters): Preferences {
  return { ageMin: f.ageMin ?? null, ageMax: f.ageMax ?? null, genders: f.genders ?? [], skills: f.skills ?? [] };
}

export function costSharingFits(a: CostSharing, b: CostSharing): boolean {
  return a === 'either' || b === 'either' || a === b;
}

function budgetFits(cost: Budget, allowance: Budget): boolean {
  return BUDGETS.indexOf(cost) <= BUDGETS.indexOf(allowance);
}

function skillFit(a: SkillLevel | null | undefined, b: SkillLevel | null | undefined): number {
  if (!a || !b) return 0.5;
  return 1 - Math.abs(SKILLS.indexOf(a) - SKILLS.indexOf(b)) / 2;
}

/** Another member's card as seen from mine, or null when either side's preferences or my filters rule it out. */
export function matchPeople(me: CardSide, them: CardSide, f: Filters): Match | null {
  if (f.tag !== undefined && !them.skills.has(f.tag)) return null;
  const shared = [...me.skills.keys()].filter((tag) => them.skills.has(tag));
  const tags = f.tag !== undefined ? [f.tag] : shared;
  if (tags.length === 0) return null;

  const km = cellDistanceKm(me.cell, them.cell);
  if (km > Math.min(me.travelKm, them.travelKm) || (f.maxKm !== undefined && km > f.maxKm)) return null;
  if (!accepts(me.prefs, them, tags) || !accepts(them.prefs, me, tags) || !accepts(filterPreferences(f), them, tags)) return null;
  if (!costSharingFits(me.costSharing, them.costSharing)) return null;
  if (f.groupSize !== undefined && them.groupSizeMax < f.groupSize) return null;
  if (f.slots !== undefined && (them.slots & f.slots) === 0) return null;
  if (f.date !== undefined && !freeOn(them, f.date)) return null;

  const overlap = me.slots & them.slots;
  const sharedDates = me.dates.filter((d) => them.dates.includes(d));
  const fits = shared.map((tag) => skillFit(me.skills.get(tag), them.skills.get(tag)));
  return score(
    {
      shared,
      skillFit: fits.length ? fits.reduce((a, b) => a + b, 0) / fits.length : 0.5,
      sameLevel: shared.filter((tag) => me.skills.get(tag) && me.skills.get(tag) === them.skills.get(tag)),
      overlapSlots: overlap,
      sharedDates,
      km,
      maxKm: Math.min(me.travelKm, them.travelKm),
      sameBudget: me.budget === them.budget,
      sameSharing: me.costSharing === them.costSharing && me.costSharing !== 'either' ? me.costSharing : null,
    },
    'both',
  );
}

/** A request as seen by a searcher, or null when the request's preferences, the searcher's card or filters rule it out. */
export function matchRequest(me: Searcher, req: RequestSide, f: Filters): Match | null {
  if (f.tag !== undefined && req.tag !== f.tag) return null;
  const tags = [req.tag];
  const km = cellDistanceKm(me.cell, req.cell);
  const reach = Math.min(req.radiusKm, me.card?.travelKm ?? Infinity, f.maxKm ?? Infinity);
  if (km > reach) return null;
  if (!accepts(req.prefs, me, tags) || !accepts(filterPreferences(f), req.author, tags)) return null;
  const card = me.card;
  if (card) {
    if (!accepts(card.prefs, req.author, tags)) return null;
    if (!costSharingFits(card.costSharing, req.costSharing) || !budgetFits(req.budget, card.budget)) return null;
    if (req.groupSize > card.groupSizeMax) return null;
  }
  if (f.groupSize !== undefined && req.groupSize > f.groupSize) return null;
  if (f.slots !== undefined && (req.slots & f.slots) === 0) return null;
  if (f.date !== undefined) {
    const onDate = req.date !== null ? req.date === f.date : f.date <= (req.until ?? '') && (req.slots & dayBits(f.date)) !== 0;
    if (!onDate) return null;
  }

  const mySkill = me.skills.get(req.tag);
  const overlap = card ? req.slots & card.slots : 0;
  const sharedDates = card && req.date && card.dates.includes(req.date) ? [req.date] : [];
  return score(
    {
      shared: me.skills.has(req.tag) ? [req.tag] : [],
      skillFit: skillFit(mySkill, req.author.skills.get(req.tag)),
      sameLevel: mySkill && mySkill === req.author.skills.get(req.tag) ? [req.tag] : [],
      overlapSlots: overlap,
      sharedDates,
      km,
      maxKm: Math.min(req.radiusKm, card?.travelKm ?? req.radiusKm),
      sameBudget: card ? card.budget === req.budget : false,
      sameSharing: card && card.costSharing === req.costSharing && req.costSharing !== 'either' ? req.costSharing : null,
    },
    'request',
  );
}

interface Facts {
  shared: string[];
  skillFit: number;
  sameLevel: string[];
  overlapSlots: number;
  sharedDates: string[];
  km: number;
  maxKm: number;
  sameBudget: boolean;
  sameSharing: CostSharing | null;
}

const WEIGHTS = { interests: 0.4, time: 0.25, distance: 0.25, preferences: 0.1 };

function score(facts: Facts, about: 'both' | 'request'): Match {
  const interests = 0.6 * Math.min(1, facts.shared.length / 3) + 0.4 * facts.skillFit;
  const time = Math.min(1, (countBits(facts.overlapSlots) + facts.sharedDates.length) / 3);
  const distance = facts.maxKm > 0 ? Math.max(0, 1 - facts.km / facts.maxKm) : 0;
  const preferences = (Number(facts.sameBudget) + Number(facts.sameSharing !== null)) / 2;
  const value =
    WEIGHTS.interests * interests + WEIGHTS.time * time + WEIGHTS.distance * distance + WEIGHTS.preferences * preferences;
  const reasons = explain(facts, about);
  return {
    score: Math.round(value * 1000) / 1000,
    reasons,
    summary: { en: reasons.map((r) => r.en).join(', '), zh: reasons.map((r) => r.zh).join('，') },
  };
}

function tagName(tag: string) {
  const interest = findInterest(tag);
  return { en: interest?.en.toLowerCase() ?? tag, zh: interest?.zh ?? tag };
}

function explain(facts: Facts, about: 'both' | 'request'): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (facts.shared.length > 0) {
    const names = facts.shared.slice(0, 3).map(tagName);
    const list = { en: names.map((n) => n.en).join(', '), zh: names.map((n) => n.zh).join('、') };
    reasons.push(
      about === 'request'
        ? { kind: 'interests', en: `you're into ${list.en} too`, zh: `你也喜欢${list.zh}` }
        : facts.shared.length === 1
          ? { kind: 'interests', en: `shared interest: ${list.en}`, zh: `共同兴趣：${list.zh}` }
          : { kind: 'interests', en: `${facts.shared.length} shared interests (${list.en})`, zh: `${facts.shared.length} 个共同兴趣（${list.zh}）` },
    );
  }
  if (facts.sameLevel.length > 0) {
    const name = tagName(facts.sameLevel[0]!);
    reasons.push({ kind: 'skill', en: `same level in ${name.en}`, zh: `${name.zh}水平相当` });
  }
  const slots = bitsToSlots(facts.overlapSlots);
  if (facts.sharedDates.length > 0) {
    const date = facts.sharedDates[0]!;
    reasons.push(about === 'request' ? { kind: 'time', en: `you're free on ${date}`, zh: `你 ${date} 有空` } : { kind: 'time', en: `both free on ${date}`, zh: `${date} 都有空` });
  } else if (slots.length > 0) {
    const name = slotName(slots[0]!);
    const more = slots.length > 1 ? { en: ` (+${slots.length - 1} more)`, zh: `（另有 ${slots.length - 1} 个时段）` } : { en: '', zh: '' };
    reasons.push(
      about === 'request'
        ? { kind: 'time', en: `you're free ${name.en}${more.en}`, zh: `你${name.zh}有空${more.zh}` }
        : { kind: 'time', en: `both free ${name.en}${more.en}`, zh: `都在${name.zh}有空${more.zh}` },
    );
  }
  reasons.push({ kind: 'distance', ...BUCKET_PHRASES[distanceBucket(facts.km)] });
  if (facts.sameSharing === 'split') reasons.push({ kind: 'preferences', en: 'both like to split costs', zh: '都愿意 AA 分摊' });
  else if (facts.sameSharing === 'each') reasons.push({ kind: 'preferences', en: 'both pay their own way', zh: '都习惯各付各的' });
  return reasons;
}

import { findInterest, type RecReason } from '@kindred/contract';
import type { Reason } from './engine.js';

/**
 * Turns the engine's reasons into sentences in both languages, naming groups
 * by their names. An interest the item is only close to (same category, not
 * its own tag) is said so, not claimed as a match.
 */
export function presentReasons(reasons: Reason[], groupNames: Map<number, string>, itemTags: readonly string[] = []): RecReason[] {
  return reasons.slice(0, 2).map((reason): RecReason => {
    switch (reason.kind) {
      case 'interest': {
        const curated = findInterest(reason.tag);
        const en = curated?.en.toLowerCase() ?? reason.tag;
        const zh = curated?.zh ?? reason.tag;
        if (itemTags.length > 0 && !itemTags.includes(reason.tag)) {
          return { kind: 'interest', tag: reason.tag, en: `Close to your interest in ${en}`, zh: `和你喜欢的${zh}相近` };
        }
        return { kind: 'interest', tag: reason.tag, en: `Because you like ${en}`, zh: `因为你喜欢${zh}` };
      }
      case 'also_joined': {
        const id = Number(reason.viaItemId);
        const name = groupNames.get(id) ?? '';
        return { kind: 'also_joined', group: { id, name }, en: `Members of ${name} also joined this`, zh: `「${name}」的成员也加入了这里` };
      }
      case 'in_your_group': {
        const id = Number(reason.groupId);
        const name = groupNames.get(id) ?? '';
        return { kind: 'in_your_group', group: { id, name }, en: `From your group ${name}`, zh: `来自你的小组「${name}」` };
      }
      case 'friends_going':
        return {
          kind: 'friends_going',
          count: reason.count,
          en: reason.count === 1 ? '1 person from your groups is going' : `${reason.count} people from your groups are going`,
          zh: `你的小组里有 ${reason.count} 人要去`,
        };
      case 'popular_near':
        // Popular among the members who live around you (who may also have joined groups elsewhere).
        return { kind: 'popular_near', en: 'Popular with people near you', zh: '你附近的人常去' };
      case 'popular':
        return { kind: 'popular', en: 'Popular on Kindred', zh: 'Kindred 上的热门' };
    }
  });
}

/** Friends (who follow each other with the member) already there lift an item this much each, up to three. */
const FRIEND_LIFT = 0.3;
const FRIENDS_COUNTED = 3;

/**
 * Friends as a signal on a page of recommendations: an item friends joined or
 * are going to moves up (its score grows with the friends there, up to
 * three) and says so first among its reasons.
 */
export function liftByFriends<T extends { reasons: RecReason[]; score: number }>(items: T[], friendsOf: (item: T) => number, going: boolean): T[] {
  return items
    .map((item) => {
      const count = friendsOf(item);
      if (count === 0) return item;
      const reason: RecReason = going
        ? { kind: 'friends', count, en: count === 1 ? 'A friend is going' : `${count} friends are going`, zh: `${count} 位好友要去` }
        : { kind: 'friends', count, en: count === 1 ? 'A friend joined' : `${count} friends joined`, zh: `${count} 位好友已加入` };
      return { ...item, score: roundScore(item.score * (1 + FRIEND_LIFT * Math.min(count, FRIENDS_COUNTED))), reasons: [reason, ...item.reasons].slice(0, 2) };
    })
    .sort((a, b) => b.score - a.score);
}

/** A quiet group (no post or activity in 90 days) keeps this share of its score. */
const QUIET_SHARE = 0.3;
const ATTENDANCE_LIFT = 0.1;

/**
 * Real life as a signal on a page of recommended groups: recent attendance at
 * a group's activities lifts it (by the log of the seats attended), and a
 * quiet group sinks below the active ones it would have tied with.
 */
export function weighByLiveliness<T extends { group: { quiet: boolean; attendedRecently: number }; score: number }>(items: T[]): T[] {
  return items.map((item) => ({
    ...item,
    score: roundScore(item.score * (item.group.quiet ? QUIET_SHARE : 1 + ATTENDANCE_LIFT * Math.log1p(item.group.attendedRecently))),
  }));
}

/** Scores as the API shows them: four decimals. */
export function roundScore(x: number) {
  return Math.round(x * 10000) / 10000;
}


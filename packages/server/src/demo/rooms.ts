import type { Tx } from '../db/database.js';
import { createRoom } from '../features/rooms/rooms.repository.js';
import type { Rng } from './seed.js';

const MINUTE = 60_000;

/** What people say in an activity's room before it, in each language: the organizer's note first (pinned). */
const activityChat = {
  en: {
    note: (place: string) => `Meeting point: ${place}. I'll be there 10 minutes early with a sign.`,
    lines: ['Looking forward to it!', 'Is there parking nearby?', 'I can give two people a lift from downtown.', 'Bringing snacks to share 🙂', 'What should we wear if it rains?'],
  },
  zh: {
    note: (place: string) => `集合地点：${place}。我会提前 10 分钟到，举着牌子。`,
    lines: ['好期待！', '附近有停车的地方吗？', '我可以从市中心顺路带两个人。', '我带点零食大家分享 🙂', '下雨的话穿什么好？'],
  },
};
const groupChat = {
  en: ['Welcome to the group chat! Say hi 👋', 'Anyone up for something this weekend?', 'Photos from last time are in the album.'],
  zh: ['欢迎来到群聊！打个招呼吧 👋', '这周末有人想一起活动吗？', '上次的照片都放在相册里了。'],
};

/**
 * Rooms that look lived in: each upcoming activity with participants has its
 * organizer's pinned meeting note and a few messages; the biggest groups have
 * opened their group chat.
 */
export async function seedDemoRooms(tx: Tx, rng: Rng, now: number) {
  const upcoming = await tx
    .selectFrom('activities as a')
    .innerJoin('activity_rooms as r', 'r.activity_id', 'a.id')
    .select(['r.room_id', 'a.id', 'a.organizer_id', 'a.place_name', 'a.currency'])
    .where('a.starts_at', '>', new Date(now))
    .execute();
  for (const activity of upcoming) {
    const people = await tx.selectFrom('registrations').select('user_id').where('activity_id', '=', activity.id).where('status', '=', 'confirmed').execute();
    if (people.length === 0) continue;
    const words = activity.currency === 'CNY' ? activityChat.zh : activityChat.en;
    let at = now - rng.int(60, 600) * MINUTE;
    const say = async (sender: number, body: string, pinned = false) => {
      at += rng.int(3, 90) * MINUTE;
      const { id } = await tx
        .insertInto('room_messages')
        .values({ room_id: activity.room_id, sender_id: sender, body, client_id: `demo-${activity.room_id}-${at}`, created_at: new Date(Math.min(at, now - MINUTE)), pinned_at: pinned ? new Date(now) : null, pinned_by: pinned ? sender : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    let last = await say(activity.organizer_id, words.note(activity.place_name), true);
    for (const line of rng.sample(words.lines, Math.min(people.length, rng.int(1, 3)))) last = await say(rng.pick(people).user_id, line);
    await tx.updateTable('rooms').set({ last_message_id: last, last_message_at: new Date(Math.min(at, now - MINUTE)) }).where('id', '=', activity.room_id).execute();
  }

  const groups = await tx.selectFrom('groups').select(['id', 'owner_id', 'city']).orderBy('member_count', 'desc').limit(4).execute();
  for (const group of groups) {
    const roomId = await createRoom(tx, { groupId: group.id });
    const members = await tx.selectFrom('group_members').select('user_id').where('group_id', '=', group.id).execute();
    const lines = ['San Francisco', 'London'].includes(group.city ?? '') ? groupChat.en : groupChat.zh;
    let at = now - rng.int(600, 3000) * MINUTE;
    let last = 0;
    for (const [i, body] of lines.entries()) {
      at += rng.int(10, 300) * MINUTE;
      const sender = i === 0 ? group.owner_id : rng.pick(members).user_id;
      last = (await tx.insertInto('room_messages').values({ room_id: roomId, sender_id: sender, body, client_id: `demo-g${roomId}-${i}`, created_at: new Date(Math.min(at, now - MINUTE)) }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await tx.updateTable('rooms').set({ last_message_id: last, last_message_at: new Date(Math.min(at, now - MINUTE)) }).where('id', '=', roomId).execute();
  }
}

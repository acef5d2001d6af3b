import { findInterest, interestCategories, interests } from '@kindred/contract';
import type { Random } from './random.js';

/**
 * Text for generated groups, posts and comments, made from word lists. Words
 * are separated by spaces in both languages (Chinese too), so PostgreSQL's
 * parser splits them as jieba would and the search vector can be computed in
 * SQL without segmenting each row.
 */
export type Lang = 'en' | 'zh';

const categoryWords: Record<string, { en: string[]; zh: string[] }> = {
  outdoors: {
    en: ['trail', 'summit', 'ridge', 'valley', 'campsite', 'tent', 'backpack', 'boots', 'map', 'river', 'forest', 'sunrise', 'lake', 'route', 'waterfall', 'canyon', 'lens', 'tripod', 'birds', 'hike', 'climb', 'camp', 'fish', 'photograph', 'altitude', 'weather', 'compass', 'firewood', 'meadow', 'cliff'],
    zh: ['徒步', '露营', '山顶', '路线', '帐篷', '背包', '登山鞋', '溪流', '森林', '日出', '湖边', '瀑布', '峡谷', '镜头', '三脚架', '观鸟', '攀岩', '钓鱼', '海拔', '天气', '指南针', '草甸', '山脊', '营地'],
  },
  sports: {
    en: ['match', 'court', 'racket', 'pace', 'kilometres', 'sprint', 'warmup', 'stretch', 'team', 'league', 'training', 'bike', 'ride', 'pool', 'laps', 'serve', 'goal', 'coach', 'drills', 'marathon', 'interval', 'slope', 'helmet', 'stamina', 'tournament', 'score', 'defence', 'tempo'],
    zh: ['比赛', '球场', '球拍', '配速', '公里', '冲刺', '热身', '拉伸', '球队', '联赛', '训练', '骑行', '泳池', '发球', '进球', '教练', '马拉松', '间歇跑', '雪道', '头盔', '体能', '锦标赛', '防守', '节奏'],
  },
  arts: {
    en: ['canvas', 'brush', 'sketch', 'watercolour', 'ink', 'clay', 'wheel', 'glaze', 'kiln', 'yarn', 'needles', 'pattern', 'film', 'director', 'screening', 'studio', 'palette', 'portrait', 'texture', 'gallery', 'exhibition', 'craft', 'stitch', 'scene', 'colour', 'composition'],
    zh: ['画布', '画笔', '素描', '水彩', '墨水', '陶土', '拉坯', '釉色', '窑', '毛线', '编织', '图案', '电影', '导演', '放映', '工作室', '调色板', '肖像', '质感', '画廊', '展览', '手作', '书法', '构图'],
  },
  music: {
    en: ['guitar', 'chords', 'melody', 'rhythm', 'band', 'gig', 'stage', 'choir', 'song', 'lyrics', 'dance', 'steps', 'salsa', 'tango', 'concert', 'playlist', 'drums', 'bass', 'harmony', 'vocals', 'rehearsal', 'jam', 'venue', 'encore'],
    zh: ['吉他', '和弦', '旋律', '节奏', '乐队', '演出', '舞台', '合唱', '歌曲', '歌词', '舞蹈', '舞步', '萨尔萨', '探戈', '音乐会', '歌单', '鼓', '贝斯', '和声', '排练', '即兴', '场地', '返场'],
  },
  games: {
    en: ['board', 'dice', 'cards', 'strategy', 'campaign', 'tabletop', 'console', 'controller', 'chess', 'opening', 'endgame', 'puzzle', 'mystery', 'clue', 'roleplay', 'expansion', 'tournament', 'teamwork', 'rules', 'turn', 'bluff', 'victory', 'quest', 'level'],
    zh: ['桌游', '骰子', '卡牌', '策略', '剧本', '主机', '手柄', '象棋', '围棋', '开局', '残局', '谜题', '剧本杀', '线索', '角色', '扩展', '比赛', '配合', '规则', '回合', '推理', '胜利', '任务', '关卡'],
  },
  food: {
    en: ['recipe', 'kitchen', 'dumplings', 'noodles', 'spices', 'bakery', 'bread', 'coffee', 'espresso', 'tea', 'wine', 'tasting', 'market', 'dinner', 'brunch', 'flavour', 'sourdough', 'hotpot', 'dessert', 'menu', 'chef', 'ingredients', 'barbecue', 'street'],
    zh: ['菜谱', '厨房', '饺子', '面条', '香料', '烘焙', '面包', '咖啡', '手冲', '茶', '红酒', '品鉴', '市场', '晚餐', '早午餐', '口味', '火锅', '甜品', '菜单', '主厨', '食材', '烧烤', '小吃', '探店'],
  },
  pets: {
    en: ['dog', 'puppy', 'cat', 'kitten', 'leash', 'walk', 'park', 'vet', 'adoption', 'shelter', 'training', 'treats', 'grooming', 'breed', 'aquarium', 'rabbit', 'parrot', 'volunteer', 'rescue', 'playdate', 'fur', 'collar'],
    zh: ['狗狗', '小狗', '猫咪', '小猫', '牵引绳', '遛狗', '公园', '兽医', '领养', '救助站', '训练', '零食', '美容', '品种', '鱼缸', '兔子', '鹦鹉', '志愿者', '救助', '聚会', '毛发', '项圈'],
  },
  learning: {
    en: ['book', 'chapter', 'novel', 'author', 'reading', 'library', 'language', 'vocabulary', 'grammar', 'lecture', 'history', 'philosophy', 'poetry', 'essay', 'notes', 'discussion', 'study', 'course', 'exchange', 'translation', 'museum', 'science', 'debate', 'review'],
    zh: ['读书', '章节', '小说', '作者', '阅读', '图书馆', '语言', '词汇', '语法', '讲座', '历史', '哲学', '诗歌', '随笔', '笔记', '讨论', '学习', '课程', '交换', '翻译', '博物馆', '科学', '辩论', '书评'],
  },
  tech: {
    en: ['code', 'startup', 'hackathon', 'python', 'javascript', 'robot', 'sensor', 'prototype', 'design', 'product', 'database', 'server', 'model', 'data', 'cloud', 'open', 'source', 'demo', 'workshop', 'arduino', 'app', 'algorithm', 'launch', 'maker'],
    zh: ['代码', '创业', '黑客松', '机器人', '传感器', '原型', '设计', '产品', '数据库', '服务器', '模型', '数据', '云', '开源', '演示', '工作坊', '硬件', '应用', '算法', '发布', '创客', '编程'],
  },
  wellness: {
    en: ['yoga', 'meditation', 'breathing', 'mat', 'stretching', 'balance', 'mindfulness', 'retreat', 'sleep', 'calm', 'posture', 'pilates', 'journal', 'nature', 'healing', 'routine', 'focus', 'energy', 'practice', 'sunrise', 'gratitude', 'rest'],
    zh: ['瑜伽', '冥想', '呼吸', '瑜伽垫', '拉伸', '平衡', '正念', '静修', '睡眠', '放松', '体态', '普拉提', '日记', '自然', '疗愈', '习惯', '专注', '能量', '练习', '感恩', '休息', '身心'],
  },
};

const enCommon = ['the', 'a', 'we', 'our', 'this', 'weekend', 'morning', 'evening', 'friends', 'group', 'together', 'great', 'first', 'time', 'really', 'new', 'people', 'meet', 'next', 'week', 'and', 'with', 'for', 'after', 'before', 'near', 'city', 'place', 'plan', 'tips', 'share', 'beginners', 'welcome', 'join', 'everyone', 'fun', 'easy', 'best', 'favourite', 'recommend', 'thanks', 'photos', 'bring', 'water', 'snacks', 'meeting', 'point', 'station', 'later', 'again'];
const zhCommon = ['周末', '早上', '晚上', '朋友', '一起', '大家', '第一次', '真的', '新手', '欢迎', '推荐', '分享', '经验', '攻略', '感谢', '照片', '记得', '带水', '集合', '地铁站', '下次', '约', '喜欢', '还是', '非常', '不错', '时间', '地点', '报名', '活动'];
const enEndings = ['.', '.', '.', '!', '?'];
const zhEndings = ['。', '。', '！', '？'];

const categoryOf = new Map(interests.map((i) => [i.key, i.category]));

function words(rng: Random, lang: Lang, category: string, count: number, topicShare: number): string[] {
  const topic = categoryWords[category]![lang];
  const common = lang === 'zh' ? zhCommon : enCommon;
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.next() < topicShare ? topic[Math.floor(rng.next() * topic.length)]! : common[Math.floor(rng.next() * common.length)]!;
  return out;
}

const capitalized = new Map<string, string>();
for (const w of [...enCommon, ...Object.values(categoryWords).flatMap((c) => c.en)]) capitalized.set(w, w.charAt(0).toUpperCase() + w.slice(1));

/** Sentences of `total` words, about 6–14 words each (the hot path: built as one string). */
export function paragraph(rng: Random, lang: Lang, category: string, total: number): string {
  const topic = categoryWords[category]![lang];
  const common = lang === 'zh' ? zhCommon : enCommon;
  const endings = lang === 'zh' ? zhEndings : enEndings;
  let out = '';
  let left = total;
  while (left > 0) {
    const n = Math.min(left, rng.int(6, 14));
    left -= n;
    for (let i = 0; i < n; i++) {
      const word = rng.next() < 0.45 ? topic[Math.floor(rng.next() * topic.length)]! : common[Math.floor(rng.next() * common.length)]!;
      if (i === 0) out += out === '' ? (lang === 'en' ? capitalized.get(word)! : word) : ` ${lang === 'en' ? capitalized.get(word)! : word}`;
      else out += ` ${word}`;
    }
    out += endings[Math.floor(rng.next() * endings.length)]!;
  }
  return out;
}

export function interestLabel(tag: string, lang: Lang): string {
  const interest = findInterest(tag);
  if (!interest) return tag;
  return lang === 'zh' ? interest.zh : interest.en;
}

export function categoryOfTag(tag: string): string {
  return categoryOf.get(tag) ?? interestCategories[0]!.key;
}

const enTitleShapes = ['{i}: {w} {w} for {w}', 'Best {w} {w} near {c}', 'First {i} {w} — {w} {w}', 'Question about {w} and {w}', '{i} {w} this weekend', 'Tips for {w} {w}', 'Our {w} {w} in {c}', 'Looking for {w} {w} {w}'];
const zhTitleShapes = ['{c} {i} {w} 攻略', '第一次 {w} {w} 经验', '求助 {w} {w} 怎么 选', '这个 周末 {i} {w}', '{i} 新手 {w} 分享', '{w} {w} 推荐', '{c} 附近 {w} {w}'];

/** A post title in the group's language, naming its interest or city now and then. */
export function postTitle(rng: Random, lang: Lang, tag: string, cityName: string): string {
  const shape = rng.pick(lang === 'zh' ? zhTitleShapes : enTitleShapes);
  const category = categoryOfTag(tag);
  return shape.replace(/\{(\w)\}/g, (_, k: string) => (k === 'i' ? interestLabel(tag, lang) : k === 'c' ? cityName : words(rng, lang, category, 1, 0.7)[0]!));
}

const enGroupShapes = ['{c} {i} Club', '{i} Friends of {c}', '{c} Weekend {i}', '{i} Beginners {c}', '{c} {i} Collective', 'Slow {i} {c}', '{c} {i} Society'];
const zhGroupShapes = ['{c} {i} 俱乐部', '{c} {i} 爱好者', '{c} 周末 {i} 小组', '{i} 新手 团 · {c}', '{c} {i} 同好会'];

export function groupName(rng: Random, lang: Lang, tag: string, cityName: string, serial: number): string {
  const shape = rng.pick(lang === 'zh' ? zhGroupShapes : enGroupShapes);
  // A serial keeps names distinct and searchable by exact name in benchmarks.
  return `${shape.replace('{c}', cityName).replace('{i}', interestLabel(tag, lang))} ${serial}`;
}

const enFirst = ['Ada', 'Ben', 'Cleo', 'Dan', 'Eva', 'Finn', 'Gia', 'Hugo', 'Ines', 'Jack', 'Kira', 'Leo', 'Maya', 'Nico', 'Olga', 'Paul', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Uma', 'Vik', 'Wen', 'Xavi', 'Yara', 'Zoe', 'Omar', 'Lena', 'Ravi', 'Anna'];
const enLast = ['Smith', 'Garcia', 'Chen', 'Müller', 'Rossi', 'Kim', 'Patel', 'Silva', 'Nowak', 'Brown', 'Dubois', 'Sato', 'Jones', 'Novak', 'Khan'];
const zhSurname = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const zhGiven = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂', '小雨', '子涵', '一诺', '思远', '佳怡'];
const zhPinyin = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'yang', 'yan', 'yong', 'jie', 'juan', 'tao', 'ming', 'chao', 'xia', 'ping', 'gang', 'gui', 'xiaoyu', 'zihan', 'yinuo', 'siyuan', 'jiayi'];

/** Display name and a username unique by the member's id. */
export function person(rng: Random, lang: Lang, id: number): { username: string; displayName: string } {
  if (lang === 'zh') {
    const g = rng.int(0, zhGiven.length - 1);
    return { username: `${zhPinyin[g]}_${id}`, displayName: `${rng.pick(zhSurname)}${zhGiven[g]}` };
  }
  const first = rng.pick(enFirst);
  return { username: `${first.toLowerCase()}_${id}`, displayName: `${first} ${rng.pick(enLast)}` };
}

const enBios = ['Weekend explorer, weekday coder.', 'New in town and keen to meet people.', 'Always up for {i}.', 'Beginner at {i}, enthusiastic about everything else.', 'Coffee first, then {i}.'];
const zhBios = ['周末爱{i}，平时上班。', '刚搬来这座城市，想认识新朋友。', '{i}新手，请多指教。', '喜欢{i}和美食。'];

export function bio(rng: Random, lang: Lang, tag: string): string {
  if (rng.chance(0.4)) return '';
  return rng.pick(lang === 'zh' ? zhBios : enBios).replace('{i}', interestLabel(tag, lang));
}

const enActivity = ['{i} meetup at {p}', '{i} morning at {p}', 'Beginner {i} session, {p}', '{i} afternoon: {p}', 'Evening {i} at {p}'];
const zhActivity = ['{p} {i} 活动', '周末 {i} · {p}', '{i} 新手 场 · {p}', '{p} {i} 约起来'];
const placeStarts = ['River', 'Hill', 'Lake', 'Garden', 'Old Town', 'Harbour', 'Market', 'Station', 'North', 'South', 'East', 'West'];
const placeEnds = ['Park', 'Square', 'Hall', 'Centre', 'Club', 'Studio', 'Field', 'Courts', 'Café', 'Library'];

export function activityTitle(rng: Random, lang: Lang, tag: string): { title: string; place: string } {
  const place = `${rng.pick(placeStarts)} ${rng.pick(placeEnds)}`;
  const title = rng.pick(lang === 'zh' ? zhActivity : enActivity).replace('{i}', interestLabel(tag, lang)).replace('{p}', place);
  return { title, place };
}

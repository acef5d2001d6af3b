/**
 * The curated interest taxonomy. Members and groups may also carry free tags;
 * a tag is "curated" when its key appears here. Keys are stable identifiers
 * stored in the database, labels are for display.
 */
export interface InterestCategory {
  key: string;
  en: string;
  zh: string;
  emoji: string;
}

export interface Interest {
  key: string;
  category: string;
  en: string;
  zh: string;
}

export const interestCategories: readonly InterestCategory[] = [
  { key: 'outdoors', en: 'Outdoors', zh: '户外', emoji: '⛰️' },
  { key: 'sports', en: 'Sports', zh: '运动', emoji: '🏸' },
  { key: 'arts', en: 'Arts & Crafts', zh: '艺术手作', emoji: '🎨' },
  { key: 'music', en: 'Music & Dance', zh: '音乐舞蹈', emoji: '🎸' },
  { key: 'games', en: 'Games', zh: '游戏桌游', emoji: '🎲' },
  { key: 'food', en: 'Food & Drink', zh: '美食饮品', emoji: '🍜' },
  { key: 'pets', en: 'Pets & Animals', zh: '宠物动物', emoji: '🐕' },
  { key: 'learning', en: 'Learning & Books', zh: '学习读书', emoji: '📚' },
  { key: 'tech', en: 'Tech', zh: '科技', emoji: '💻' },
  { key: 'wellness', en: 'Wellness', zh: '身心健康', emoji: '🧘' },
];

export const interests: readonly Interest[] = [
  { key: 'hiking', category: 'outdoors', en: 'Hiking', zh: '徒步' },
  { key: 'camping', category: 'outdoors', en: 'Camping', zh: '露营' },
  { key: 'climbing', category: 'outdoors', en: 'Rock climbing', zh: '攀岩' },
  { key: 'fishing', category: 'outdoors', en: 'Fishing', zh: '钓鱼' },
  { key: 'birdwatching', category: 'outdoors', en: 'Birdwatching', zh: '观鸟' },
  { key: 'photography', category: 'outdoors', en: 'Photography', zh: '摄影' },
  { key: 'cycling', category: 'sports', en: 'Cycling', zh: '骑行' },
  { key: 'running', category: 'sports', en: 'Running', zh: '跑步' },
  { key: 'badminton', category: 'sports', en: 'Badminton', zh: '羽毛球' },
  { key: 'basketball', category: 'sports', en: 'Basketball', zh: '篮球' },
  { key: 'football', category: 'sports', en: 'Football', zh: '足球' },
  { key: 'swimming', category: 'sports', en: 'Swimming', zh: '游泳' },
  { key: 'tennis', category: 'sports', en: 'Tennis', zh: '网球' },
  { key: 'skiing', category: 'sports', en: 'Skiing', zh: '滑雪' },
  { key: 'painting', category: 'arts', en: 'Painting', zh: '绘画' },
  { key: 'calligraphy', category: 'arts', en: 'Calligraphy', zh: '书法' },
  { key: 'pottery', category: 'arts', en: 'Pottery', zh: '陶艺' },
  { key: 'knitting', category: 'arts', en: 'Knitting', zh: '编织' },
  { key: 'film', category: 'arts', en: 'Film', zh: '电影' },
  { key: 'guitar', category: 'music', en: 'Guitar', zh: '吉他' },
  { key: 'singing', category: 'music', en: 'Singing', zh: '唱歌' },
  { key: 'dance', category: 'music', en: 'Dance', zh: '舞蹈' },
  { key: 'live-music', category: 'music', en: 'Live music', zh: '现场音乐' },
  { key: 'board-games', category: 'games', en: 'Board games', zh: '桌游' },
  { key: 'video-games', category: 'games', en: 'Video games', zh: '电子游戏' },
  { key: 'chess', category: 'games', en: 'Chess & Go', zh: '棋类' },
  { key: 'murder-mystery', category: 'games', en: 'Murder mystery', zh: '剧本杀' },
  { key: 'cooking', category: 'food', en: 'Cooking', zh: '烹饪' },
  { key: 'baking', category: 'food', en: 'Baking', zh: '烘焙' },
  { key: 'coffee', category: 'food', en: 'Coffee', zh: '咖啡' },
  { key: 'tea', category: 'food', en: 'Tea', zh: '茶' },
  { key: 'food-tasting', category: 'food', en: 'Food tasting', zh: '探店美食' },
  { key: 'dogs', category: 'pets', en: 'Dogs', zh: '狗狗' },
  { key: 'cats', category: 'pets', en: 'Cats', zh: '猫咪' },
  { key: 'aquariums', category: 'pets', en: 'Aquariums', zh: '水族' },
  { key: 'volunteering-animals', category: 'pets', en: 'Animal rescue', zh: '动物救助' },
  { key: 'reading', category: 'learning', en: 'Reading', zh: '读书' },
  { key: 'languages', category: 'learning', en: 'Language exchange', zh: '语言交换' },
  { key: 'history', category: 'learning', en: 'History', zh: '历史' },
  { key: 'writing', category: 'learning', en: 'Writing', zh: '写作' },
  { key: 'programming', category: 'tech', en: 'Programming', zh: '编程' },
  { key: 'ai', category: 'tech', en: 'AI', zh: '人工智能' },
  { key: 'gadgets', category: 'tech', en: 'Gadgets', zh: '数码' },
  { key: 'robotics', category: 'tech', en: 'Robotics & making', zh: '机器人与创客' },
  { key: 'yoga', category: 'wellness', en: 'Yoga', zh: '瑜伽' },
  { key: 'meditation', category: 'wellness', en: 'Meditation', zh: '冥想' },
  { key: 'fitness', category: 'wellness', en: 'Fitness', zh: '健身' },
  { key: 'gardening', category: 'wellness', en: 'Gardening', zh: '园艺' },
];

const interestByKey = new Map(interests.map((i) => [i.key, i]));

/** The curated interest with this key, or undefined for a free tag. */
export function findInterest(key: string): Interest | undefined {
  return interestByKey.get(key);
}

/** Keys of the curated interests in one category. */
export function interestKeysInCategory(category: string): string[] {
  return interests.filter((i) => i.category === category).map((i) => i.key);
}

/** Demo and default cities, with coarse centre coordinates and IANA zones. */
export interface City {
  key: string;
  en: string;
  zh: string;
  lat: number;
  lng: number;
  timeZone: string;
}

export const cities: readonly City[] = [
  { key: 'beijing', en: 'Beijing', zh: '北京', lat: 39.9, lng: 116.4, timeZone: 'Asia/Shanghai' },
  { key: 'shanghai', en: 'Shanghai', zh: '上海', lat: 31.23, lng: 121.47, timeZone: 'Asia/Shanghai' },
  { key: 'chengdu', en: 'Chengdu', zh: '成都', lat: 30.66, lng: 104.07, timeZone: 'Asia/Shanghai' },
  { key: 'hangzhou', en: 'Hangzhou', zh: '杭州', lat: 30.27, lng: 120.15, timeZone: 'Asia/Shanghai' },
  { key: 'san-francisco', en: 'San Francisco', zh: '旧金山', lat: 37.77, lng: -122.42, timeZone: 'America/Los_Angeles' },
  { key: 'london', en: 'London', zh: '伦敦', lat: 51.51, lng: -0.13, timeZone: 'Europe/London' },
];

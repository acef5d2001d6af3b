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

/**
 * Other words members use for a curated interest, in either language, beside
 * its key and its two labels: search treats them all as one word (爬山, 徒步,
 * hike and hiking find the same groups). Latin words are matched lower-cased,
 * singular and plural alike; Chinese words as jieba segments them.
 */
export const interestSynonyms: Readonly<Record<string, readonly string[]>> = {
  hiking: ['hike', 'hiker', 'trek', 'trekking', 'tramping', '爬山', '登山', '远足', '徒步旅行', '户外徒步', '走山'],
  camping: ['camp', 'camper', 'campsite', 'tent', '野营', '扎营', '帐篷'],
  climbing: ['climb', 'climber', 'bouldering', 'boulder', '抱石', '攀登'],
  fishing: ['fish', 'angling', 'angler', '垂钓', '海钓', '路亚'],
  birdwatching: ['birding', 'birder', 'bird watching', '拍鸟', '赏鸟'],
  photography: ['photo', 'photographer', 'camera', '拍照', '照相', '摄影师', '扫街'],
  cycling: ['bike', 'biking', 'bicycle', 'cyclist', 'bike ride', '自行车', '单车', '骑车', '骑单车', '公路车'],
  running: ['run', 'runner', 'jogging', 'jog', 'marathon', '慢跑', '长跑', '夜跑', '马拉松', '跑团'],
  badminton: ['羽球', '打羽毛球'],
  basketball: ['hoops', '打篮球'],
  football: ['soccer', '踢球', '踢足球'],
  swimming: ['swim', 'swimmer', '游水', '冬泳'],
  tennis: ['打网球'],
  skiing: ['ski', 'snowboard', 'snowboarding', '单板', '双板', '滑雪场'],
  painting: ['paint', 'drawing', 'sketching', 'watercolour', 'watercolor', '画画', '素描', '水彩', '油画'],
  calligraphy: ['毛笔字', '写字'],
  pottery: ['ceramics', 'ceramic', '陶瓷', '拉坯', '捏陶'],
  knitting: ['crochet', '钩针', '毛线', '织毛衣'],
  film: ['movie', 'cinema', '看电影', '观影', '影视'],
  guitar: ['弹吉他'],
  singing: ['sing', 'singer', 'karaoke', 'choir', 'ktv', '唱k', '合唱', '卡拉ok'],
  dance: ['dancing', 'dancer', '跳舞', '街舞', '广场舞'],
  'live-music': ['concert', 'gig', 'livehouse', '演唱会', '音乐会', '音乐节'],
  'board-games': ['board game', 'boardgame', 'tabletop', '桌面游戏', '狼人杀'],
  'video-games': ['gaming', 'gamer', 'esports', '打游戏', '电竞', '游戏机'],
  chess: ['weiqi', 'xiangqi', '象棋', '围棋', '国际象棋', '下棋'],
  'murder-mystery': ['jubensha', 'mystery game', '剧本'],
  cooking: ['cook', 'chef', '做饭', '下厨', '厨艺'],
  baking: ['bake', 'baker', 'pastry', '烤面包', '甜点', '蛋糕'],
  coffee: ['cafe', 'espresso', 'latte', '咖啡馆', '手冲'],
  tea: ['喝茶', '品茶', '茶艺', '茶会'],
  'food-tasting': ['foodie', 'food tour', '美食', '吃货', '探店'],
  dogs: ['dog', 'puppy', '狗', '遛狗'],
  cats: ['cat', 'kitten', '猫', '撸猫', '猫咪'],
  aquariums: ['aquarium', 'fishkeeping', '鱼缸', '养鱼'],
  'volunteering-animals': ['animal rescue', 'rescue dog', 'shelter', '流浪动物', '救助'],
  reading: ['book', 'books', 'book club', 'reader', '看书', '阅读', '读书会'],
  languages: ['language', 'tandem', 'english corner', '外语', '英语角', '语伴'],
  history: ['museum', '博物馆', '历史文化'],
  writing: ['writer', 'poetry', '写诗', '创作'],
  programming: ['coding', 'coder', 'developer', 'hackathon', '写代码', '程序员', '黑客松'],
  ai: ['artificial intelligence', 'machine learning', 'llm', '机器学习', '大模型'],
  gadgets: ['gadget', 'tech gadgets', '数码产品'],
  robotics: ['robot', 'maker', 'arduino', '机器人', '创客'],
  yoga: ['练瑜伽'],
  meditation: ['mindfulness', '正念', '打坐', '静坐'],
  fitness: ['gym', 'workout', 'crossfit', '健身房', '撸铁', '锻炼'],
  gardening: ['garden', 'gardener', 'plants', '种花', '种菜', '花园', '植物'],
};

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

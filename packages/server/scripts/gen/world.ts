import { cities as taxonomyCities, interestCategories } from '@kindred/contract';
import { Random, runningTotals } from './random.js';

/** A city members live in and groups meet in. */
export interface GenCity {
  name: string;
  nameZh: string;
  lat: number;
  lng: number;
  timeZone: string;
  currency: string;
  lang: 'en' | 'zh';
  /** Running totals of how much each interest category is liked here (cities have tastes). */
  categoryTotals: Float64Array;
}

interface Anchor {
  en: string;
  lat: number;
  lng: number;
  timeZone: string;
  currency: string;
  lang: 'en' | 'zh';
}

/** Real metropolitan areas that synthetic towns are scattered around, with their zone and currency. */
const anchors: Anchor[] = [
  { en: 'Shenzhen', lat: 22.54, lng: 114.06, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Guangzhou', lat: 23.13, lng: 113.26, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Wuhan', lat: 30.59, lng: 114.31, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: "Xi'an", lat: 34.34, lng: 108.94, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Nanjing', lat: 32.06, lng: 118.8, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Chongqing', lat: 29.56, lng: 106.55, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Qingdao', lat: 36.07, lng: 120.38, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Kunming', lat: 25.04, lng: 102.71, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Xiamen', lat: 24.48, lng: 118.09, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Harbin', lat: 45.8, lng: 126.53, timeZone: 'Asia/Shanghai', currency: 'CNY', lang: 'zh' },
  { en: 'Hong Kong', lat: 22.32, lng: 114.17, timeZone: 'Asia/Hong_Kong', currency: 'HKD', lang: 'zh' },
  { en: 'Taipei', lat: 25.03, lng: 121.57, timeZone: 'Asia/Taipei', currency: 'TWD', lang: 'zh' },
  { en: 'Tokyo', lat: 35.68, lng: 139.69, timeZone: 'Asia/Tokyo', currency: 'JPY', lang: 'en' },
  { en: 'Seoul', lat: 37.57, lng: 126.98, timeZone: 'Asia/Seoul', currency: 'KRW', lang: 'en' },
  { en: 'Singapore', lat: 1.35, lng: 103.82, timeZone: 'Asia/Singapore', currency: 'SGD', lang: 'en' },
  { en: 'Bangkok', lat: 13.76, lng: 100.5, timeZone: 'Asia/Bangkok', currency: 'THB', lang: 'en' },
  { en: 'Mumbai', lat: 19.08, lng: 72.88, timeZone: 'Asia/Kolkata', currency: 'INR', lang: 'en' },
  { en: 'Dubai', lat: 25.2, lng: 55.27, timeZone: 'Asia/Dubai', currency: 'AED', lang: 'en' },
  { en: 'Sydney', lat: -33.87, lng: 151.21, timeZone: 'Australia/Sydney', currency: 'AUD', lang: 'en' },
  { en: 'Melbourne', lat: -37.81, lng: 144.96, timeZone: 'Australia/Melbourne', currency: 'AUD', lang: 'en' },
  { en: 'Auckland', lat: -36.85, lng: 174.76, timeZone: 'Pacific/Auckland', currency: 'NZD', lang: 'en' },
  { en: 'Berlin', lat: 52.52, lng: 13.4, timeZone: 'Europe/Berlin', currency: 'EUR', lang: 'en' },
  { en: 'Paris', lat: 48.86, lng: 2.35, timeZone: 'Europe/Paris', currency: 'EUR', lang: 'en' },
  { en: 'Madrid', lat: 40.42, lng: -3.7, timeZone: 'Europe/Madrid', currency: 'EUR', lang: 'en' },
  { en: 'Amsterdam', lat: 52.37, lng: 4.9, timeZone: 'Europe/Amsterdam', currency: 'EUR', lang: 'en' },
  { en: 'Stockholm', lat: 59.33, lng: 18.07, timeZone: 'Europe/Stockholm', currency: 'SEK', lang: 'en' },
  { en: 'Manchester', lat: 53.48, lng: -2.24, timeZone: 'Europe/London', currency: 'GBP', lang: 'en' },
  { en: 'New York', lat: 40.71, lng: -74.01, timeZone: 'America/New_York', currency: 'USD', lang: 'en' },
  { en: 'Chicago', lat: 41.88, lng: -87.63, timeZone: 'America/Chicago', currency: 'USD', lang: 'en' },
  { en: 'Denver', lat: 39.74, lng: -104.99, timeZone: 'America/Denver', currency: 'USD', lang: 'en' },
  { en: 'Seattle', lat: 47.61, lng: -122.33, timeZone: 'America/Los_Angeles', currency: 'USD', lang: 'en' },
  { en: 'Toronto', lat: 43.65, lng: -79.38, timeZone: 'America/Toronto', currency: 'CAD', lang: 'en' },
  { en: 'Mexico City', lat: 19.43, lng: -99.13, timeZone: 'America/Mexico_City', currency: 'MXN', lang: 'en' },
  { en: 'São Paulo', lat: -23.55, lng: -46.63, timeZone: 'America/Sao_Paulo', currency: 'BRL', lang: 'en' },
  { en: 'Buenos Aires', lat: -34.6, lng: -58.38, timeZone: 'America/Argentina/Buenos_Aires', currency: 'ARS', lang: 'en' },
  { en: 'Cape Town', lat: -33.92, lng: 18.42, timeZone: 'Africa/Johannesburg', currency: 'ZAR', lang: 'en' },
  { en: 'Nairobi', lat: -1.29, lng: 36.82, timeZone: 'Africa/Nairobi', currency: 'KES', lang: 'en' },
];

const taxonomyCurrency: Record<string, string> = { 'san-francisco': 'USD', london: 'GBP' };

const latinStarts = ['Al', 'Bel', 'Car', 'Dun', 'El', 'Fair', 'Glen', 'Hal', 'Ivy', 'Kings', 'Lin', 'Mar', 'Nor', 'Oak', 'Pen', 'Red', 'Sil', 'Thorn', 'Wel', 'Ash', 'Cold', 'Elm', 'Rose'];
const latinEnds = ['ford', 'mere', 'ton', 'wick', 'field', 'haven', 'bury', 'dale', 'port', 'ridge', 'stead', 'wood', 'brook', 'mouth', 'cliff', 'vale'];
const pinyin = ['Qing', 'Yun', 'Lan', 'Jin', 'Shan', 'Hua', 'Song', 'Ning', 'An', 'Xi', 'Dong', 'Nan', 'Bei', 'He', 'Hu', 'Long', 'Feng', 'Ping', 'Chang', 'Mei'];
const hanzi = ['青', '云', '兰', '金', '山', '华', '松', '宁', '安', '西', '东', '南', '北', '河', '湖', '龙', '丰', '平', '长', '梅'];
const hanziEnds: [string, string][] = [['zhou', '州'], ['chuan', '川'], ['yang', '阳'], ['cheng', '城'], ['shan', '山'], ['jiang', '江'], ['ling', '陵'], ['ping', '平']];

/**
 * The taxonomy's six cities first, then synthetic towns scattered around real
 * metropolitan areas (two in five in China). Population share follows Zipf's
 * law by rank, so the first few cities hold most members.
 */
export function buildCities(rng: Random, count: number): { cities: GenCity[]; shareTotals: Float64Array } {
  const categoryTotals = () => runningTotals(interestCategories.map(() => 0.3 + rng.next() ** 2 * 3));
  const cities: GenCity[] = taxonomyCities.map((c) => ({
    name: c.en,
    nameZh: c.zh,
    lat: c.lat,
    lng: c.lng,
    timeZone: c.timeZone,
    currency: taxonomyCurrency[c.key] ?? 'CNY',
    lang: taxonomyCurrency[c.key] ? 'en' : 'zh',
    categoryTotals: categoryTotals(),
  }));
  const used = new Set(cities.map((c) => c.name));
  const chinese = anchors.filter((a) => a.lang === 'zh');
  const elsewhere = anchors.filter((a) => a.lang === 'en');
  while (cities.length < count) {
    const anchor = rng.chance(0.4) ? rng.pick(chinese) : rng.pick(elsewhere);
    let name: string;
    let nameZh: string;
    if (anchor.lang === 'zh') {
      const i = rng.int(0, pinyin.length - 1);
      const [endEn, endZh] = rng.pick(hanziEnds);
      name = `${pinyin[i]}${endEn}`;
      nameZh = `${hanzi[i]}${endZh}`;
    } else {
      name = `${rng.pick(latinStarts)}${rng.pick(latinEnds)}`;
      nameZh = name;
    }
    if (used.has(name)) name = `${name} ${['North', 'South', 'East', 'West', 'New', 'Upper', 'Lower'][rng.int(0, 6)]}`;
    if (used.has(name)) continue;
    used.add(name);
    // Within about 50–300 km of the metropolis, clamped to valid coordinates.
    const lat = Math.max(-80, Math.min(80, anchor.lat + (rng.next() - 0.5) * 5));
    const lng = ((anchor.lng + (rng.next() - 0.5) * 6 + 540) % 360) - 180;
    cities.push({ name, nameZh, lat, lng, timeZone: anchor.timeZone, currency: anchor.currency, lang: anchor.lang, categoryTotals: categoryTotals() });
  }
  cities.length = count;
  const shareTotals = runningTotals(cities.map((_, rank) => 1 / (rank + 1) ** 0.95));
  return { cities, shareTotals };
}

/** A point near a city centre, stored coarse (rounded to 0.01°) as the app stores home areas. */
export function pointNear(rng: Random, city: GenCity, spreadDegrees: number): { lat: number; lng: number } {
  const lat = Math.max(-89.99, Math.min(89.99, city.lat + rng.normal() * spreadDegrees));
  const lng = Math.max(-179.99, Math.min(179.99, city.lng + (rng.normal() * spreadDegrees) / Math.max(0.3, Math.cos((city.lat * Math.PI) / 180))));
  return { lat: Math.round(lat * 100) / 100, lng: Math.round(lng * 100) / 100 };
}

import { cities, findInterest, interestCategories, interests, type City, type Interest, type InterestCategory } from '@kindred/contract/taxonomy';
import { useTranslation } from '../lib/translation';
import { normalizeLanguage, type Language } from '../i18n';

export { cities, findInterest, interestCategories, interests };
export type { City, Interest, InterestCategory };

/** The curated interests of a category, in taxonomy order. */
export function interestsInCategory(category: string): Interest[] {
  return interests.filter((i) => i.category === category);
}

/** The city a stored value refers to: matches the key, English or Chinese name. */
export function findCity(value: string | null | undefined): City | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  return cities.find((c) => c.key === v || c.en.toLowerCase() === v || c.zh === value.trim());
}

const PICKED_CITY = 'kindred.city';

/** The city a visitor picked on the front page, offered again when they sign up and set their home. */
export function rememberCity(city: City) {
  try {
    sessionStorage.setItem(PICKED_CITY, city.key);
  } catch {
    // Storage may be off (private modes); the city is then asked again.
  }
}

export function rememberedCity(): City | undefined {
  try {
    return findCity(sessionStorage.getItem(PICKED_CITY));
  } catch {
    return undefined;
  }
}

export function findCategory(key: string | undefined): InterestCategory | undefined {
  return key ? interestCategories.find((c) => c.key === key) : undefined;
}

/** The category of a tag, if it is a curated interest. */
export function categoryOfTag(tag: string): InterestCategory | undefined {
  return findCategory(findInterest(tag)?.category);
}

export function tagLabel(tag: string, lang: Language): string {
  const interest = findInterest(tag);
  if (!interest) return tag;
  return lang === 'zh-CN' ? interest.zh : interest.en;
}

export function cityLabel(city: string | null | undefined, lang: Language): string | null {
  if (!city) return null;
  const known = findCity(city);
  if (!known) return city;
  return lang === 'zh-CN' ? known.zh : known.en;
}

export function categoryLabel(category: InterestCategory, lang: Language): string {
  return lang === 'zh-CN' ? category.zh : category.en;
}

/** Taxonomy labels in the active language. */
export function useTaxonomy() {
  const { i18n } = useTranslation();
  const lang = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  return {
    lang,
    tagLabel: (tag: string) => tagLabel(tag, lang),
    cityLabel: (city: string | null | undefined) => cityLabel(city, lang),
    categoryLabel: (category: InterestCategory) => categoryLabel(category, lang),
  };
}

/** What we store as a member's or group's `city`: its English name, as the server and seed data do. */
export function cityValue(city: City): string {
  return city.en;
}

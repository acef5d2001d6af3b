import { interests, interestSynonyms } from '@kindred/contract';
import { queryPieces, words } from './segment.js';

/**
 * Interest synonyms for search. A word (or a run of words) in a query that
 * names a curated interest in either language — its key, its English or
 * Chinese label, or one of its curated synonyms — stands for all of them, so
 * 爬山, 徒步, hike and hiking each find what is written with any of the others
 * and what is tagged with the interest (tags are indexed by their keys).
 */

/** A Latin word and its plural match alike (hikes, hike); chess and other -ss words are left as they are. */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !/\p{Script=Han}/u.test(word) ? word.slice(0, -1) : word;
}

function phraseOf(text: string): string[] {
  return words(text.replace(/-/g, ' ')).map(singular);
}

/** Every way to name each interest, as search terms: key, labels, synonyms. */
const termsByInterest = new Map<string, string[]>(
  interests.map((i) => [i.key, [...new Set([i.key.replace(/-/g, ' '), i.en, i.zh, ...(interestSynonyms[i.key] ?? [])])]]),
);

/** Phrase (its words, singular, space-joined) → interest key. */
const interestByPhrase = new Map<string, string>();
let longestPhrase = 1;
for (const [key, terms] of termsByInterest) {
  for (const term of terms) {
    const phrase = phraseOf(term);
    if (phrase.length === 0) continue;
    longestPhrase = Math.max(longestPhrase, phrase.length);
    // The first interest to claim a phrase keeps it (the taxonomy's order).
    if (!interestByPhrase.has(phrase.join(' '))) interestByPhrase.set(phrase.join(' '), key);
  }
}

/** The search terms that name this interest (key, labels, synonyms). */
export function interestTerms(key: string): string[] {
  return termsByInterest.get(key) ?? [];
}

export interface ExpandedQuery {
  /** What is left of the query once the interests are taken out, in web-search syntax. */
  rest: string;
  /** The interests the query names, each to be matched by any of its terms. */
  interests: string[];
}

/**
 * Splits a query into the interests it names and the rest. Quoted phrases and
 * -excluded words are left to web-search syntax as typed; a query using `or`
 * is left whole, as its meaning depends on where the words stand.
 */
export function expandQuery(text: string): ExpandedQuery {
  if (/(^|\s)or(\s|$)/i.test(text)) return { rest: text, interests: [] };
  const rest: string[] = [];
  const found: string[] = [];
  let run: string[] = [];
  const flush = () => {
    let i = 0;
    while (i < run.length) {
      let matched = 0;
      for (let n = Math.min(longestPhrase, run.length - i); n >= 1; n--) {
        const key = interestByPhrase.get(run.slice(i, i + n).map(singular).join(' '));
        if (key) {
          if (!found.includes(key)) found.push(key);
          matched = n;
          break;
        }
      }
      if (matched === 0) rest.push(run[i]!);
      i += matched || 1;
    }
    run = [];
  };
  for (const piece of text.match(queryPieces) ?? []) {
    if (piece.startsWith('"') || piece.startsWith('-')) {
      flush();
      rest.push(piece);
    } else {
      run.push(...words(piece));
    }
  }
  flush();
  return { rest: rest.join(' '), interests: found };
}

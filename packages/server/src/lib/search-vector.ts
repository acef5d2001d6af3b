import { sql } from 'kysely';
import { expandQuery, interestTerms } from './interest-synonyms.js';
import { segmentForIndex, segmentQuery } from './segment.js';

/**
 * The tsvector of a searchable item: the title weighs more than the body.
 * Text is segmented first so Chinese words become separate lexemes; the
 * 'english' configuration stems Latin words (hiking → hike) and leaves
 * Chinese words as they are.
 */
export function searchVector(title: string, body: string) {
  return sql<string>`setweight(to_tsvector('english', ${segmentForIndex(title)}), 'A') || setweight(to_tsvector('english', ${segmentForIndex(body)}), 'B')`;
}

/**
 * The tsquery for what a member typed: every word must match, quoted phrases
 * and -words as on the web. A word naming a curated interest (徒步, 爬山,
 * hiking, hike) matches any of that interest's names in either language
 * (lib/interest-synonyms.ts), so ranking counts each of them found.
 */
export function searchQuery(text: string) {
  const { rest, interests } = expandQuery(text);
  const parts = interests.map((key) => websearch(interestTerms(key).map(segmentQuery).join(' or ')));
  if (rest.trim() !== '' || parts.length === 0) parts.unshift(websearch(segmentQuery(rest)));
  // && of an empty tsquery (a rest of stop words only) is the other side.
  return sql<string>`(${sql.join(parts, sql` && `)})`;
}

function websearch(text: string) {
  return sql<string>`websearch_to_tsquery('english', ${text})`;
}

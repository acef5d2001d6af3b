import { sql } from 'kysely';
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

/** The tsquery for what a member typed: every word must match, quoted phrases and -words as on the web. */
export function searchQuery(text: string) {
  return sql<string>`websearch_to_tsquery('english', ${segmentQuery(text)})`;
}

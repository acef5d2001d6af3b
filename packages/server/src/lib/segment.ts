import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Word segmentation for full-text search. PostgreSQL's parser splits on spaces
 * and punctuation, which leaves Chinese text as one long "word"; jieba splits
 * it into words first, so 徒步 matches 周末香山徒步攻略. Latin text passes
 * through and is stemmed by the 'english' configuration in SQL.
 */
const jieba = Jieba.withDict(dict);
const hasHan = /\p{Script=Han}/u;

/** Document side: every word and its sub-words (北京徒步爱好者 → 北京 徒步 爱好 爱好者 …). */
export function segmentForIndex(text: string): string {
  if (!hasHan.test(text)) return text;
  return jieba.cutForSearch(text, true).filter((w) => w.trim() !== '').join(' ');
}

/** A query's pieces in web-search syntax: a quoted phrase or a word, either possibly negated with "-". */
export const queryPieces = /-?"[^"]*"?|\S+/g;

/**
 * Query side: the words of the query, which all must match. Chinese text is
 * split into words piece by piece, keeping web-search syntax: 徒步 -香山公园
 * becomes 徒步 -"香山 公园" (the excluded compound stays one negated phrase),
 * and a quoted phrase stays a phrase of its words.
 */
export function segmentQuery(text: string): string {
  if (!hasHan.test(text)) return text;
  return (text.match(queryPieces) ?? [])
    .map((piece) => {
      const negated = piece.startsWith('-');
      const body = negated ? piece.slice(1) : piece;
      const quoted = body.startsWith('"');
      const inner = quoted ? body.replace(/^"|"$/g, '') : body;
      if (!hasHan.test(inner)) return piece;
      const parts = jieba.cut(inner, true).filter((w) => w.trim() !== '');
      if (!negated && !quoted) return parts.join(' ');
      const phrase = parts.length === 1 ? parts[0]! : `"${parts.join(' ')}"`;
      return negated ? `-${phrase}` : phrase;
    })
    .join(' ');
}

const latinWords = /[^\p{L}\p{N}]+/u;

/**
 * The words of a text, lower-cased, for matching whole words: Chinese text by
 * jieba's segmentation (so 单车 is not found in 刷单车手, which segments as
 * 刷单 车手), other text by its letters and digits.
 */
export function words(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase();
  const parts = hasHan.test(normal) ? jieba.cut(normal, true) : [normal];
  return parts.flatMap((part) => part.split(latinWords)).filter((w) => w !== '');
}

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

/** Query side: the words of the query, which all must match. */
export function segmentQuery(text: string): string {
  if (!hasHan.test(text)) return text;
  return jieba.cut(text, true).filter((w) => w.trim() !== '').join(' ');
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

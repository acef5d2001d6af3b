import { ErrorCode, type KeywordBody, type KeywordTerm } from '@kindred/contract';
import { sql } from 'kysely';
import { requireStaff } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import { words } from '../../lib/segment.js';
import { audit } from './audit.js';

interface Term {
  id: number;
  term: string;
  action: 'hold' | 'reject';
  words: string[];
}

/** The terms, read at most every half minute per instance (and at once after a change made here). */
const TTL_MS = 30_000;
let cached: { at: number; terms: Term[] } | null = null;

async function terms(db: Db): Promise<Term[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.terms;
  const rows = await db.selectFrom('keyword_terms').select(['id', 'term', 'action']).orderBy('id').execute();
  cached = { at: Date.now(), terms: rows.map((r) => ({ ...r, words: words(r.term) })).filter((t) => t.words.length > 0) };
  return cached.terms;
}

/** Whether `needle` occurs as consecutive words of `haystack`. */
function containsWords(haystack: string[], needle: string[]) {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export interface Verdict {
  action: 'hold' | 'reject';
  field: string;
  term: string;
}

/** The gravest term found in these fields (a refusal before a hold), or null. */
export async function screen(db: Db, fields: Record<string, string | null | undefined>): Promise<Verdict | null> {
  const list = await terms(db);
  if (list.length === 0) return null;
  let hold: Verdict | null = null;
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const found = words(text);
    for (const term of list) {
      if (!containsWords(found, term.words)) continue;
      if (term.action === 'reject') return { action: 'reject', field, term: term.term };
      hold ??= { action: 'hold', field, term: term.term };
    }
  }
  return hold;
}

/** Text with a term set to refuse: 400 `content_rejected`, naming the field, not the term (held.ts holds the rest). */
export function rejection(verdict: Verdict) {
  return new AppError(400, ErrorCode.contentRejected, 'This contains words the community does not allow here. Please rephrase it.', {
    [verdict.field]: 'contains words the community does not allow',
  });
}

const present = (r: { id: number; term: string; action: 'hold' | 'reject'; created_at: Date }): KeywordTerm => ({ id: r.id, term: r.term, action: r.action, createdAt: r.created_at.toISOString() });

export async function listTerms(ctx: AppContext, viewer: Viewer) {
  requireStaff(viewer, 'operate');
  const rows = await ctx.db.selectFrom('keyword_terms').select(['id', 'term', 'action', 'created_at']).orderBy('term').execute();
  return rows.map(present);
}

export async function addTerm(ctx: AppContext, viewer: Viewer, input: KeywordBody) {
  requireStaff(viewer, 'operate');
  const term = input.term.trim();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('keyword_terms')
      .values({ term, action: input.action, created_by: viewer.id })
      .onConflict((oc) => oc.expression(sql`lower(term)`).doNothing())
      .returning(['id', 'term', 'action', 'created_at'])
      .executeTakeFirst();
    if (!inserted) throw new ConflictError('That term is on the list already.');
    await audit(tx, { actorId: viewer.id, action: 'keyword.add', target: { kind: 'keyword', id: inserted.id, label: term }, reason: input.reason, detail: { action: input.action } });
    return inserted;
  });
  cached = null;
  return present(row);
}

export async function removeTerm(ctx: AppContext, viewer: Viewer, id: number, reason: string) {
  requireStaff(viewer, 'operate');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('keyword_terms').where('id', '=', id).returning(['term', 'action']).executeTakeFirst();
    if (!row) throw new NotFoundError('term');
    await audit(tx, { actorId: viewer.id, action: 'keyword.remove', target: { kind: 'keyword', id, label: row.term }, reason, detail: { action: row.action } });
  });
  cached = null;
}

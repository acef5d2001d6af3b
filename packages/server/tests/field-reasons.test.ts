import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseReason, reasonText, type FieldReason } from '@kindred/contract';
import { activityBody } from './_activities.js';
import { actors, createGroup, errorCode, startTestServer, type Reply, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

/** The parsed reason of each field of a refused request: the phrases are part of the API. */
function reasons(reply: Reply): Record<string, unknown> {
  assert.equal(reply.status, 400, JSON.stringify(reply.body).slice(0, 200));
  assert.equal(errorCode(reply), 'validation_failed');
  return Object.fromEntries(Object.entries(reply.body.error.fields as Record<string, string>).map(([field, text]) => [field, parseReason(text) ?? text]));
}

describe('field reasons', () => {
  test('every reason reads back from its phrase, limits included', () => {
    const all: FieldReason[] = [
      { kind: 'required' }, { kind: 'blank' }, { kind: 'tooShort', limit: 3 }, { kind: 'tooLong', limit: 20_000 }, { kind: 'tooFew', limit: 2 },
      { kind: 'tooMany', limit: 8 }, { kind: 'minimum', limit: 0 }, { kind: 'maximum', limit: 10_000 }, { kind: 'above', limit: 0 }, { kind: 'below', limit: 1.5 },
      { kind: 'wholeNumber' }, { kind: 'number' }, { kind: 'format', format: 'date-time' }, { kind: 'pattern' }, { kind: 'choice' },
      { kind: 'notAllowed' }, { kind: 'duplicate' }, { kind: 'taken' }, { kind: 'invalid' },
    ];
    for (const reason of all) assert.deepEqual(parseReason(reasonText(reason)), reason, reasonText(reason));
    assert.equal(parseReason('must be after the start'), null, 'a rule of its own is not mistaken for a kind');
  });

  test('an empty sign-up names each missing field as required, and stores no account', async () => {
    const before = (await server.db.selectFrom('users').select('id').execute()).length;
    const empty = reasons(await server.client().post('/auth/signup', { username: '', displayName: '', password: '' }));
    assert.deepEqual(empty, { username: { kind: 'required' }, displayName: { kind: 'required' }, password: { kind: 'required' } });
    const absent = reasons(await server.client().post('/auth/signup', {}));
    assert.deepEqual(absent, { username: { kind: 'required' }, displayName: { kind: 'required' }, password: { kind: 'required' } });
    const shape = reasons(await server.client().post('/auth/signup', { username: 'ab', displayName: 'x'.repeat(51), password: 'correct horse battery staple' }));
    assert.deepEqual(shape, { username: { kind: 'tooShort', limit: 3 }, displayName: { kind: 'tooLong', limit: 50 } });
    const pattern = reasons(await server.client().post('/auth/signup', { username: 'a b!', displayName: 'A', password: 'correct horse battery staple', extra: 1 }));
    assert.deepEqual(pattern, { username: { kind: 'pattern' }, extra: { kind: 'notAllowed' } });
    assert.equal((await server.db.selectFrom('users').select('id').execute()).length, before);
  });

  test('an over-long post title or body is refused with its limit, never cut, and nothing is stored', async () => {
    const { alice } = await actors(server, 'alice');
    const group = await createGroup(alice);
    const title = reasons(await alice.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'x'.repeat(300), body: 'y' }));
    assert.deepEqual(title, { title: { kind: 'tooLong', limit: 120 } });
    const body = reasons(await alice.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Long', body: 'y'.repeat(60_000) }));
    assert.deepEqual(body, { body: { kind: 'tooLong', limit: 20_000 } });
    const blank = reasons(await alice.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: '', body: '' }));
    assert.deepEqual(blank, { title: { kind: 'required' }, body: { kind: 'required' } });
    assert.equal((await server.db.selectFrom('posts').select('id').where('group_id', '=', group.id).execute()).length, 0);

    // At the limit exactly, the text is kept whole.
    const whole = await alice.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 't'.repeat(120), body: 'b'.repeat(20_000) });
    assert.equal(whole.status, 201);
    const row = await server.db.selectFrom('posts').select(['title', 'body']).where('id', '=', whole.body.id).executeTakeFirstOrThrow();
    assert.equal(row.title.length, 120);
    assert.equal(row.body.length, 20_000);
  });

  test('an activity with a negative fee, an over-long title and no seats names each limit; nothing is stored', async () => {
    const { bob } = await actors(server, 'bob');
    const reply = await bob.post('/activities', activityBody({ title: 'x'.repeat(300), fee: { amount: -5000, currency: 'CNY' }, capacity: 0 }));
    const fields = reasons(reply);
    assert.deepEqual(fields.title, { kind: 'tooLong', limit: 120 });
    assert.deepEqual(fields['fee.amount'], { kind: 'minimum', limit: 0 });
    assert.deepEqual(fields.capacity, { kind: 'minimum', limit: 1 });
    const typed = reasons(await bob.post('/activities', activityBody({ capacity: 2.5, fee: { amount: 100, currency: 'cny' } })));
    assert.deepEqual(typed.capacity, { kind: 'wholeNumber' });
    assert.deepEqual(typed['fee.currency'], { kind: 'pattern' });
    const stored = await server.db.selectFrom('activities').select('id').where('organizer_id', '=', bob.id).execute();
    assert.equal(stored.length, 0);
  });

  test('an over-long comment is refused with its limit', async () => {
    const { carol } = await actors(server, 'carol');
    const group = await createGroup(carol);
    const post = await carol.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Hello', body: 'y' });
    const fields = reasons(await carol.post(`/posts/${post.body.id}/comments`, { body: 'c'.repeat(5001) }));
    assert.deepEqual(fields, { body: { kind: 'tooLong', limit: 5000 } });
    assert.equal((await server.db.selectFrom('comments').select('id').where('post_id', '=', post.body.id).execute()).length, 0);
  });
});

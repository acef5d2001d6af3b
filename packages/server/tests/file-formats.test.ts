import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SESSION_COOKIE } from '../src/auth/session.js';
import { foldLine, icsText } from '../src/lib/icalendar.js';
import { actors, errorCode, startTestServer, type Client, type TestServer } from './_util.js';
import { activityBody, createActivity } from './_activities.js';

/**
 * Files other programs read: calendar apps the .ics, spreadsheets the CSV,
 * crawlers robots.txt. Each is read back here the way those programs read it.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

/** The raw bytes of a download, as a member's browser receives them (fetch's text() would drop a byte order mark). */
async function download(client: Client | null, path: string) {
  const cookie = client?.cookie(SESSION_COOKIE);
  const response = await fetch(`${server.url}/api/v1${path}`, { headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---- iCalendar (RFC 5545) ----

interface ContentLine {
  name: string;
  params: string;
  value: string;
}

/**
 * Reads an iCalendar file the way RFC 5545 §3.1 says: checks the physical
 * lines (CRLF, at most 75 octets, each a whole UTF-8 sequence), unfolds them,
 * and splits each content line into name, parameters and value.
 */
function readCalendar(bytes: Buffer): { lines: ContentLine[]; physical: string[] } {
  const text = strictUtf8.decode(bytes);
  assert.ok(text.endsWith('\r\n'), 'the file ends with CRLF');
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'every line break is CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  let offset = 0;
  for (const line of physical) {
    const octets = Buffer.byteLength(line);
    assert.ok(octets <= 75, `line of ${octets} octets: ${line}`);
    // Decoding each line's own bytes strictly fails if a fold split a multi-byte character.
    strictUtf8.decode(bytes.subarray(offset, offset + octets));
    offset += octets + 2;
    // A fold is CRLF and one space (a tab would be legal, but is not what we write); unfolding removes exactly that.
    assert.ok(!line.startsWith('\t'));
    assert.notEqual(line, ' ', 'no empty continuation');
  }
  const unfolded = text.replace(/\r\n /g, '');
  const lines = unfolded
    .slice(0, -2)
    .split('\r\n')
    .map((line) => {
      const match = /^([A-Z0-9-]+)((?:;[^:]*)?):(.*)$/s.exec(line);
      assert.ok(match, `a content line: ${line}`);
      return { name: match[1]!, params: match[2]!, value: match[3]! };
    });
  return { lines, physical };
}

/** A TEXT value, unescaped (§3.3.11); a stray backslash or an unescaped comma or semicolon fails. */
function unescapeText(value: string): string {
  assert.doesNotMatch(value.replace(/\\[\\;,nN]/g, ''), /[\\;,]/, `escaped TEXT: ${value}`);
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function eventOf(lines: ContentLine[]): Map<string, string> {
  const begin = lines.findIndex((l) => l.name === 'BEGIN' && l.value === 'VEVENT');
  const alarm = lines.findIndex((l) => l.name === 'BEGIN' && l.value === 'VALARM');
  const event = new Map<string, string>();
  for (const line of lines.slice(begin + 1, alarm)) {
    assert.ok(!event.has(line.name), `${line.name} appears once in the event`);
    event.set(line.name, line.value);
  }
  return event;
}

describe('the calendar file', () => {
  test('folds at 75 octets without splitting a character, and unfolds to the same line', () => {
    const cases = [
      `SUMMARY:${'a'.repeat(66)}`, // exactly 75 octets: not folded
      `SUMMARY:${'a'.repeat(67)}`,
      `SUMMARY:${'香山'.repeat(80)}`,
      `DESCRIPTION:${'🥾 hike, 登山; '.repeat(30)}`,
      `SUMMARY:x${'é'.repeat(100)}`,
    ];
    for (const line of cases) {
      const folded = foldLine(line);
      const physical = folded.split('\r\n');
      for (const [i, part] of physical.entries()) {
        assert.ok(Buffer.byteLength(part) <= 75, `${Buffer.byteLength(part)} octets`);
        if (i > 0) assert.ok(part.startsWith(' ') && part.length > 1);
        assert.ok(!/[\uD800-\uDBFF]$/.test(part) && !/^ ?[\uDC00-\uDFFF]/.test(part), 'no split surrogate pair');
      }
      assert.equal(folded.replace(/\r\n /g, ''), line);
      assert.equal(physical.length > 1, Buffer.byteLength(line) > 75);
    }
    assert.equal(icsText('a\\b;c,d\r\ne\nf\u0007'), 'a\\\\b\\;c\\,d\\ne\\nf');
  });

  test('an activity with a Chinese title and a long Markdown description reads back exactly, with URL and SEQUENCE', async () => {
    const { mei, lei } = await actors(server, 'mei', 'lei');
    const title = '周末香山日出徒步：从北门出发，登顶香炉峰看日出，然后沿着樱桃沟慢慢下山喝茶聊天（新手友好）';
    const description = [
      'Meet at the **north gate**; bring water, snacks & a headlamp \\ torch.',
      '',
      `早上五点集合，${'沿途风景很好，'.repeat(30)}请准时到达。`,
      '',
      '- boots',
      '- [route map](https://example.org/xiangshan)',
    ].join('\n');
    const created = await createActivity(mei, {
      title,
      description,
      place: { name: '香山公园北门; 售票处', address: '北京市海淀区, 买卖街40号', lat: 39.9996, lng: 116.1889, meetingPoint: '售票处旁边' },
    });
    const first = await download(null, `/activities/${created.id}/calendar.ics`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^text\/calendar; charset=utf-8/);
    const { lines, physical } = readCalendar(first.bytes);
    assert.ok(physical.some((l) => l.startsWith(' ')), 'long lines were folded');
    assert.deepEqual([lines[0], lines.at(-1)].map((l) => `${l!.name}:${l!.value}`), ['BEGIN:VCALENDAR', 'END:VCALENDAR']);
    const event = eventOf(lines);
    assert.equal(unescapeText(event.get('SUMMARY')!), title);
    assert.equal(unescapeText(event.get('LOCATION')!), '香山公园北门; 售票处, 北京市海淀区, 买卖街40号');
    const text = unescapeText(event.get('DESCRIPTION')!);
    assert.ok(text.startsWith('Meeting point: 售票处旁边\n\nMeet at the north gate; bring water, snacks & a headlamp \\ torch.\n\n早上五点集合'), text);
    assert.ok(text.includes('- route map (https://example.org/xiangshan)'), text);
    assert.doesNotMatch(text, /\*\*|\]\(/, 'no Markdown in the description');
    assert.equal(event.get('URL'), `${server.url}/activities/${created.id}`);
    assert.equal(event.get('UID'), `activity-${created.id}@kindred`);
    assert.match(event.get('DTSTAMP')!, /^\d{8}T\d{6}Z$/);
    assert.equal(event.get('SEQUENCE'), '0');

    // A seat taken is not a revision; an edit by the organizer is, and the UID stays.
    assert.equal((await lei.post(`/activities/${created.id}/registrations`, {})).status, 201);
    assert.equal(eventOf(readCalendar((await download(null, `/activities/${created.id}/calendar.ics`)).bytes).lines).get('SEQUENCE'), '0');
    assert.equal((await mei.patch(`/activities/${created.id}`, { title: `${title}（改）` })).status, 200);
    const edited = eventOf(readCalendar((await download(null, `/activities/${created.id}/calendar.ics`)).bytes).lines);
    assert.equal(edited.get('SEQUENCE'), '1');
    assert.equal(edited.get('UID'), event.get('UID'));
    assert.equal(unescapeText(edited.get('SUMMARY')!), `${title}（改）`);
    assert.ok(edited.get('DTSTAMP')! >= event.get('DTSTAMP')!);
    assert.equal((await mei.post(`/activities/${created.id}/cancel`, {})).status, 200);
    const cancelled = eventOf(readCalendar((await download(null, `/activities/${created.id}/calendar.ics`)).bytes).lines);
    assert.equal(cancelled.get('SEQUENCE'), '2');
    assert.equal(cancelled.get('STATUS'), 'CANCELLED');

    // The same file through ical.js, a calendar library, when it is installed.
    const icalModule = 'ical.js';
    const ICAL = await import(icalModule).then((m) => m.default ?? m).catch(() => null);
    if (ICAL) {
      const vevent = ICAL.Component.fromString(strictUtf8.decode(first.bytes)).getFirstSubcomponent('vevent');
      assert.equal(vevent.getFirstPropertyValue('summary'), title);
      assert.equal(vevent.getFirstPropertyValue('description'), text);
      assert.equal(String(vevent.getFirstPropertyValue('url')), `${server.url}/activities/${created.id}`);
      assert.equal(Number(vevent.getFirstPropertyValue('sequence')), 0);
    }
  });

  test('a draft is not offered to others', async () => {
    const { nora, otto } = await actors(server, 'nora', 'otto');
    const draft = (await nora.post('/activities', activityBody({ status: 'draft' }))).body as { id: number };
    const reply = await otto.get(`/activities/${draft.id}/calendar.ics`);
    assert.equal(reply.status, 404);
    assert.equal(errorCode(reply), 'not_found');
  });
});

// ---- CSV (RFC 4180) ----

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        assert.ok(i < text.length, 'a quoted field is closed');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      assert.ok(i === text.length || text[i] === ',' || text.startsWith('\r\n', i), `a field ends after its closing quote (at ${i})`);
    } else {
      while (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) {
        assert.ok(text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r', 'bare fields hold no quotes or line breaks');
        field += text[i++];
      }
    }
    record.push(field);
    field = '';
    if (text[i] === ',') i++;
    else {
      assert.ok(text.startsWith('\r\n', i), 'records end with CRLF');
      records.push(record);
      record = [];
      i += 2;
    }
  }
  return records;
}

describe('the participant CSV', () => {
  test('opens in a spreadsheet with Chinese names intact, parses back exactly, and runs no formulas', async () => {
    const { hua } = await actors(server, 'hua');
    const members = [
      { name: 'xiaoming', display: '王小明', answer: 'L, 谢谢 "宽松" 款\n第二行' },
      { name: 'formula', display: '=cmd|\'/C calc\'!A0', answer: '=HYPERLINK("http://evil.example","点我")' },
      { name: 'plus', display: '+86 138', answer: '-2+3' },
      { name: 'atsign', display: '@SUM(A1)', answer: '\tindented' },
    ];
    const activity = await createActivity(hua, { title: '读书会：三体', maxGuests: 2, questions: [{ id: 'size', text: 'T 恤尺码, please', required: true }] });
    const joined: Client[] = [];
    for (const m of members) {
      const client = server.client();
      await client.signUp(m.name, m.display);
      const guests = m.name === 'plus' ? ['=1+1 Lin', '张三; 李四'] : undefined;
      const reply = await client.post(`/activities/${activity.id}/registrations`, { answers: { size: m.answer }, guests });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      joined.push(client);
    }
    const file = await download(hua, `/activities/${activity.id}/registrations.csv`);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 byte order mark');
    const records = parseCsv(strictUtf8.decode(file.bytes.subarray(3)));
    const [header, ...rows] = records;
    assert.deepEqual(header, ['username', 'display name', 'status', 'waitlist position', 'guests', 'amount paid', 'currency', 'checked in', 'registered at', 'T 恤尺码, please']);
    assert.equal(rows.length, members.length);
    for (const row of rows) assert.equal(row.length, header!.length);
    const byUser = new Map(rows.map((r) => [r[0], r]));
    assert.equal(byUser.get('xiaoming')![1], '王小明');
    assert.equal(byUser.get('xiaoming')![9], 'L, 谢谢 "宽松" 款\n第二行');
    // Text a spreadsheet would run as a formula starts with an apostrophe; the rest of it is kept.
    assert.equal(byUser.get('formula')![1], "'=cmd|'/C calc'!A0");
    assert.equal(byUser.get('formula')![9], `'=HYPERLINK("http://evil.example","点我")`);
    assert.equal(byUser.get('plus')![1], "'+86 138");
    assert.equal(byUser.get('plus')![4], "'=1+1 Lin; 张三; 李四", 'guests named in one cell');
    assert.equal(byUser.get('plus')![9], "'-2+3");
    assert.equal(byUser.get('atsign')![1], "'@SUM(A1)");
    assert.equal(byUser.get('atsign')![9], "'\tindented");
    for (const row of rows) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, 'no cell starts a formula');
    }
    // Numbers the server writes are left as numbers.
    assert.equal(byUser.get('xiaoming')![5], '0');
    // Only the organizer downloads it.
    assert.equal((await download(joined[0]!, `/activities/${activity.id}/registrations.csv`)).status, 403);
  });
});

// ---- robots.txt (RFC 9309) ----

/** Whether a crawler may fetch a path: the longest matching rule wins, Allow on a tie; `*` any run, `$` the end. */
function allowedBy(robots: string, path: string): boolean {
  let best: { length: number; allow: boolean } = { length: -1, allow: true };
  for (const line of robots.split('\n')) {
    const match = /^(allow|disallow):\s*(\S*)/i.exec(line.trim());
    if (!match || !match[2]) continue;
    const pattern = match[2];
    const regex = new RegExp(`^${pattern.replace(/[.+?^{}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\\\$$|\$$/, '$')}`);
    if (!regex.test(path)) continue;
    const allow = match[1]!.toLowerCase() === 'allow';
    if (pattern.length > best.length || (pattern.length === best.length && allow)) best = { length: pattern.length, allow };
  }
  return best.allow;
}

test('robots.txt is a real one: public pages open to crawlers, the API and private pages not', async () => {
  const response = await fetch(`${server.url}/robots.txt`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const robots = await response.text();
  assert.doesNotMatch(robots, /<html|<!doctype/i);
  const lines = robots.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], 'User-agent: *');
  for (const line of lines) assert.match(line, /^(User-agent|Allow|Disallow|Sitemap): \S+$/, line);
  assert.deepEqual(lines.filter((l) => l.startsWith('Sitemap')), [`Sitemap: ${server.url}/sitemap.xml`], 'the sitemap index, by its absolute URL');
  for (const path of ['/', '/discover', '/activities', '/activities/12', '/groups/3', '/groups/3/posts', '/posts/7', '/u/alice', '/meetups']) {
    assert.ok(allowedBy(robots, path), `${path} may be crawled`);
  }
  for (const path of ['/api/v1/groups', '/api/docs/', '/api/openapi.json', '/signin', '/signup', '/me', '/me/activities', '/notifications', '/companions/inbox', '/search?q=x', '/groups/new', '/groups/3/edit', '/posts/7/edit', '/activities/12/manage', '/activities/new', '/groups/3/posts/new', '/onboarding', '/console', '/console/members', '/rooms/5', '/series/3']) {
    assert.ok(!allowedBy(robots, path), `${path} is not crawled`);
  }
  assert.equal((await fetch(`${server.url}/robots.txt`, { method: 'HEAD' })).status, 200);
});

// Drives the emulator with Google's own Node clients (@googleapis/calendar, google-auth-library), pointed at
// it with rootUrl and the OAuth endpoint overrides, and checks they see what they would see at Google.
// Usage: node calendar-conformance.mjs <emulator base URL>. Prints one "ok" line per check; exits 1 on the
// first failure.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { calendar } from '@googleapis/calendar';
import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';

const base = new URL(process.argv[2] ?? process.env.EMULATOR_URL);
const at = (path) => new URL(path, base).toString();
let checks = 0;

async function check(name, body) {
  await body();
  checks += 1;
  console.log(`ok ${checks} - ${name}`);
}

async function googleError(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected Google to refuse the call');
}

// The reason in Google's error body, as a caller reads it from the client's error.
const reason = (error) => error.response?.data?.error?.errors?.[0]?.reason;
const detail = (error) => error.response?.data?.error?.errors?.[0];

// Faults are global to an emulator: this script runs against one of its own.
async function fault(body) {
  const answer = await fetch(at('emulator/faults'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(answer.status === 201 || answer.status === 200, `fault ${body.kind}: ${answer.status}`);
}

const clearFaults = () => fetch(at('emulator/faults'), { method: 'DELETE' });

// Every page of a list, following nextPageToken; the pages' sizes and the last page's nextSyncToken.
async function listAll(params) {
  const pages = [];
  let pageToken;
  let nextSyncToken;
  do {
    const { data } = await api.events.list({ calendarId: 'primary', ...params, pageToken });
    pages.push(data.items);
    pageToken = data.nextPageToken;
    nextSyncToken = data.nextSyncToken;
    if (pageToken) {
      assert.equal(data.nextSyncToken, undefined);
    }
  } while (pageToken);
  return { pages, items: pages.flat(), nextSyncToken };
}

const day = 24 * 60 * 60 * 1000;
// A local Berlin wall-clock time some days from now, as Google's clients write one with a timeZone.
const berlinDay = (days) => new Date(Date.now() + days * day).toISOString().slice(0, 10);

const email = `conformance-${Date.now()}@example.com`;
const created = await fetch(at('emulator/users'), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, timeZone: 'Europe/Berlin' }),
});
assert.equal(created.status, 201);

const redirectUri = 'http://127.0.0.1:9/oauth/callback';
const auth = new OAuth2Client({
  clientId: 'calendarsync-local',
  clientSecret: 'calendarsync-local-secret',
  redirectUri,
  endpoints: {
    oauth2AuthBaseUrl: at('o/oauth2/v2/auth'),
    oauth2TokenUrl: at('token'),
    oauth2RevokeUrl: at('revoke'),
  },
});
const api = calendar({ version: 'v3', auth, rootUrl: base.toString() });
let refreshToken;

await check('consent with PKCE redirects back with code and state', async () => {
  const { codeVerifier, codeChallenge } = await auth.generateCodeVerifierAsync();
  const consent = auth.generateAuthUrl({
    access_type: 'offline',
    // The admin API already granted this user offline access; as at Google, only a forced consent
    // issues a new refresh token.
    prompt: 'consent',
    scope: ['https://www.googleapis.com/auth/calendar'],
    state: 'state-123',
    login_hint: email,
    code_challenge_method: CodeChallengeMethod.S256,
    code_challenge: codeChallenge,
  });
  const answer = await fetch(consent, { redirect: 'manual' });
  assert.equal(answer.status, 302);
  const back = new URL(answer.headers.get('location'));
  assert.equal(back.origin + back.pathname, redirectUri);
  assert.equal(back.searchParams.get('state'), 'state-123');
  const code = back.searchParams.get('code');

  const { tokens } = await auth.getToken({ code, codeVerifier });
  assert.ok(tokens.access_token);
  assert.ok(tokens.refresh_token, 'offline access gives a refresh token on the first exchange');
  assert.equal(tokens.token_type, 'Bearer');
  refreshToken = tokens.refresh_token;
  auth.setCredentials(tokens);

  const reused = await googleError(auth.getToken({ code, codeVerifier }));
  assert.equal(reused.response?.data?.error, 'invalid_grant');
});

await check('calendarList.get(primary) is the user\'s calendar', async () => {
  const { data } = await api.calendarList.get({ calendarId: 'primary' });
  assert.equal(data.id, email);
  assert.equal(data.timeZone, 'Europe/Berlin');
  assert.equal(data.primary, true);
});

const ids = ['conf0001', 'conf0002', 'conf0003', 'conf0004', 'conf0005'];
const inserted = {};
await check('events.insert with client-chosen ids', async () => {
  for (const [i, id] of ids.entries()) {
    const { data } = await api.events.insert({
      calendarId: 'primary',
      requestBody: {
        id,
        summary: `Appointment ${i}`,
        start: { dateTime: `2026-03-2${i + 5}T10:00:00`, timeZone: 'Europe/Berlin' },
        end: { dateTime: `2026-03-2${i + 5}T11:00:00`, timeZone: 'Europe/Berlin' },
        extendedProperties: { private: { calendarSyncKey: `appointment:${i}` } },
      },
    });
    assert.equal(data.id, id);
    assert.equal(data.kind, 'calendar#event');
    assert.match(data.etag, /^".+"$/);
    assert.equal(data.iCalUID, `${id}@google.com`);
    inserted[id] = data;
  }
  // 2026-03-29 is the first day of summer time in Berlin.
  assert.equal(inserted.conf0005.start.dateTime, '2026-03-29T10:00:00+02:00');
  assert.equal(inserted.conf0001.start.dateTime, '2026-03-25T10:00:00+01:00');
});

let syncToken;
await check('events.list pages with maxResults; nextSyncToken only on the last page', async () => {
  const seen = [];
  let pageToken;
  let pages = 0;
  do {
    const { data } = await api.events.list({ calendarId: 'primary', maxResults: 2, pageToken });
    pages += 1;
    seen.push(...data.items.map((e) => e.id));
    if (data.nextPageToken) {
      assert.equal(data.nextSyncToken, undefined);
    } else {
      syncToken = data.nextSyncToken;
    }
    pageToken = data.nextPageToken;
  } while (pageToken);
  assert.equal(pages, 3);
  assert.deepEqual(seen.sort(), ids);
  assert.ok(syncToken);
});

await check('an incremental list with no change is empty', async () => {
  const { data } = await api.events.list({ calendarId: 'primary', syncToken });
  assert.equal(data.items.length, 0);
  syncToken = data.nextSyncToken;
});

await check('events.patch changes etag; the sync token reports only that event', async () => {
  const { data } = await api.events.patch({ calendarId: 'primary', eventId: 'conf0001', requestBody: { summary: 'Moved' } });
  assert.equal(data.summary, 'Moved');
  assert.notEqual(data.etag, inserted.conf0001.etag);
  const changes = await api.events.list({ calendarId: 'primary', syncToken });
  assert.deepEqual(changes.data.items.map((e) => e.id), ['conf0001']);
  syncToken = changes.data.nextSyncToken;
});

await check('events.delete shows up as cancelled in the next incremental list', async () => {
  const { status } = await api.events.delete({ calendarId: 'primary', eventId: 'conf0002' });
  assert.equal(status, 204);
  const changes = await api.events.list({ calendarId: 'primary', syncToken });
  assert.equal(changes.data.items.length, 1);
  assert.equal(changes.data.items[0].id, 'conf0002');
  assert.equal(changes.data.items[0].status, 'cancelled');
  syncToken = changes.data.nextSyncToken;
});

await check('inserting a deleted event\'s id again is 409 duplicate', async () => {
  const error = await googleError(api.events.insert({
    calendarId: 'primary',
    requestBody: { id: 'conf0002', start: { date: '2026-04-01' }, end: { date: '2026-04-02' } },
  }));
  assert.equal(error.status, 409);
  assert.equal(reason(error), 'duplicate');
});

await check('a stale If-Match is 412', async () => {
  const error = await googleError(api.events.patch(
    { calendarId: 'primary', eventId: 'conf0001', requestBody: { summary: 'Again' } },
    { headers: { 'If-Match': inserted.conf0001.etag } },
  ));
  assert.equal(error.status, 412);
});

await check('privateExtendedProperty finds the event by its key', async () => {
  const { data } = await api.events.list({ calendarId: 'primary', privateExtendedProperty: ['calendarSyncKey=appointment:3'] });
  assert.deepEqual(data.items.map((e) => e.id), ['conf0004']);
});

await check('a deleted series comes back as cancelled instances with singleEvents, as the series without', async () => {
  const { data: series } = await api.events.insert({
    calendarId: 'primary',
    requestBody: {
      summary: 'Daily stand-up',
      start: { dateTime: `${berlinDay(2)}T09:00:00`, timeZone: 'Europe/Berlin' },
      end: { dateTime: `${berlinDay(2)}T09:15:00`, timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    },
  });
  const single = await listAll({ singleEvents: true, showDeleted: true });
  const whole = await listAll({ showDeleted: true });
  await api.events.delete({ calendarId: 'primary', eventId: series.id });

  const instances = (await listAll({ syncToken: single.nextSyncToken, singleEvents: true, showDeleted: true })).items;
  assert.equal(instances.length, 3);
  for (const instance of instances) {
    assert.equal(instance.status, 'cancelled');
    assert.equal(instance.recurringEventId, series.id);
    assert.match(instance.id, new RegExp(`^${series.id}_\\d{8}T\\d{6}Z$`));
    assert.ok(instance.originalStartTime.dateTime);
  }

  const asSeries = (await listAll({ syncToken: whole.nextSyncToken, showDeleted: true })).items;
  assert.deepEqual(asSeries.map((e) => [e.id, e.status]), [[series.id, 'cancelled']]);
});

await check('a deleted endless series names cancelled instances only about six months ahead', async () => {
  const { data: series } = await api.events.insert({
    calendarId: 'primary',
    requestBody: {
      summary: 'Every day, forever',
      start: { dateTime: `${berlinDay(1)}T07:00:00`, timeZone: 'Europe/Berlin' },
      end: { dateTime: `${berlinDay(1)}T07:30:00`, timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=DAILY'],
    },
  });
  const { nextSyncToken } = await listAll({ singleEvents: true, showDeleted: true, maxResults: 2500 });
  await api.events.delete({ calendarId: 'primary', eventId: series.id });

  const cancelled = (await listAll({ syncToken: nextSyncToken, singleEvents: true, showDeleted: true, maxResults: 2500 })).items;
  const last = Math.max(...cancelled.map((e) => Date.parse(e.originalStartTime.dateTime)));
  assert.ok(cancelled.length >= 170 && cancelled.length <= 190, `${cancelled.length} cancelled instances`);
  assert.ok(last < Date.now() + 190 * day && last > Date.now() + 170 * day);
});

await check('a series moved: replaced instances are dropped by default, listed cancelled under cancelReplacedInstances', async () => {
  const seriesOf = async (summary) => (await api.events.insert({
    calendarId: 'primary',
    requestBody: {
      summary,
      start: { dateTime: `${berlinDay(3)}T14:00:00`, timeZone: 'Europe/Berlin' },
      end: { dateTime: `${berlinDay(3)}T15:00:00`, timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'],
    },
  })).data;
  const moved = (series) => api.events.patch({
    calendarId: 'primary',
    eventId: series.id,
    requestBody: {
      start: { dateTime: `${berlinDay(3)}T16:00:00`, timeZone: 'Europe/Berlin' },
      end: { dateTime: `${berlinDay(3)}T17:00:00`, timeZone: 'Europe/Berlin' },
    },
  });

  const quiet = await seriesOf('Moved quietly');
  let { nextSyncToken } = await listAll({ singleEvents: true, showDeleted: true });
  await moved(quiet);
  let changes = await listAll({ syncToken: nextSyncToken, singleEvents: true, showDeleted: true });
  assert.equal(changes.items.length, 2);
  assert.ok(changes.items.every((e) => e.status === 'confirmed' && e.id.endsWith('T150000Z')));

  const loud = await seriesOf('Moved with the old instances cancelled');
  ({ nextSyncToken } = await listAll({ singleEvents: true, showDeleted: true }));
  await fault({ kind: 'cancelReplacedInstances', count: 1 });
  await moved(loud);
  changes = await listAll({ syncToken: nextSyncToken, singleEvents: true, showDeleted: true });
  assert.deepEqual(
    changes.items.map((e) => `${e.status} ${e.id.slice(-7)}`).sort(),
    ['cancelled 130000Z', 'cancelled 130000Z', 'confirmed 150000Z', 'confirmed 150000Z'],
  );
  await clearFaults();
});

await check('a write with a sequence below the current one is 400 Invalid sequence value', async () => {
  const { data: moved } = await api.events.patch({
    calendarId: 'primary',
    eventId: 'conf0003',
    requestBody: { start: { dateTime: '2026-03-27T12:00:00+01:00' }, end: { dateTime: '2026-03-27T13:00:00+01:00' } },
  });
  assert.equal(moved.sequence, 1, 'a change of times bumps the sequence');
  const error = await googleError(api.events.patch({ calendarId: 'primary', eventId: 'conf0003', requestBody: { summary: 'Old', sequence: 0 } }));
  assert.equal(error.status, 400);
  assert.equal(reason(error), 'invalid');
  assert.match(error.response.data.error.message, /Invalid sequence value/);
  const { data: same } = await api.events.patch({ calendarId: 'primary', eventId: 'conf0003', requestBody: { summary: 'Same', sequence: 1 } });
  assert.equal(same.sequence, 1);
});

await check('short and empty pages still name the next page, and paging reaches every event', async () => {
  const { items: expected } = await listAll({ maxResults: 4 });
  await fault({ kind: 'shortPages', path: '/calendar/v3/calendars/*/events', method: 'GET' });
  const { pages, items, nextSyncToken } = await listAll({ maxResults: 4 });
  await clearFaults();
  assert.deepEqual(items.map((e) => e.id).sort(), expected.map((e) => e.id).sort());
  assert.ok(pages.some((page) => page.length === 0), 'an empty page with a nextPageToken');
  assert.ok(pages.slice(0, -1).every((page) => page.length < 4));
  assert.ok(nextSyncToken);
});

await check('quota faults: quotaExceeded and forbiddenForNonOrganizer as Google words them', async () => {
  await fault({ kind: 'quotaExceeded', method: 'POST', count: 1 });
  const quota = await googleError(api.events.insert({
    calendarId: 'primary', requestBody: { start: { date: '2026-04-01' }, end: { date: '2026-04-02' } },
  }));
  assert.equal(quota.status, 403);
  assert.deepEqual([detail(quota).domain, detail(quota).reason, detail(quota).message], ['usageLimits', 'quotaExceeded', 'Calendar usage limits exceeded.']);

  await fault({ kind: 'forbiddenForNonOrganizer', method: 'PATCH', count: 1 });
  const organizer = await googleError(api.events.patch({ calendarId: 'primary', eventId: 'conf0004', requestBody: { summary: 'x' } }));
  assert.equal(organizer.status, 403);
  assert.deepEqual([detail(organizer).domain, detail(organizer).reason], ['calendar', 'forbiddenForNonOrganizer']);
});

await check('batch: each part answered in order with its Content-ID, a 409 conflict on one part only', async () => {
  // The Node client has no batch call; this is the raw multipart that Google's other clients send.
  const { token } = await auth.getAccessToken();
  const boundary = 'conformance_batch';
  const part = (n, id) => `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <item${n}>\r\n\r\n` +
    `PATCH /calendar/v3/calendars/primary/events/${id}\r\nContent-Type: application/json\r\n\r\n{"summary":"batch ${n}"}\r\n`;
  await fault({ kind: 'conflict', path: '/calendar/v3/calendars/*/events/conf0004', count: 1 });
  const answer = await fetch(at('batch/calendar/v3'), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/mixed; boundary=${boundary}` },
    body: part(1, 'conf0001') + part(2, 'conf0004') + part(3, 'conf0005') + `--${boundary}--\r\n`,
  });
  const text = await answer.text();
  const ids = [...text.matchAll(/Content-ID: <response-(item\d)>/g)].map((m) => m[1]);
  const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids, ['item1', 'item2', 'item3']);
  assert.deepEqual(statuses, [200, 409, 200]);
  assert.match(text, /"reason":"conflict"/);
  const { data } = await api.events.patch({ calendarId: 'primary', eventId: 'conf0004', requestBody: { summary: 'batch 2' } });
  assert.equal(data.summary, 'batch 2', 'the conflicted part alone, retried, goes through');
});

await check('a second consent keeps the earlier refresh token working', async () => {
  const consent = auth.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: ['https://www.googleapis.com/auth/calendar'], login_hint: email });
  const back = new URL((await fetch(consent, { redirect: 'manual' })).headers.get('location'));
  const { tokens } = await auth.getToken({ code: back.searchParams.get('code') });
  assert.ok(tokens.refresh_token);
  assert.notEqual(tokens.refresh_token, refreshToken);
  const earlier = await auth.refreshToken(refreshToken);
  assert.ok(earlier.tokens.access_token);
  auth.setCredentials({ ...tokens, refresh_token: refreshToken });
});

await check('event types: status events as Google checks them; birthdays made only as Google allows', async () => {
  const timed = { start: { dateTime: '2026-04-02T09:00:00+02:00' }, end: { dateTime: '2026-04-02T10:00:00+02:00' } };
  const allDay = { start: { date: '2026-04-02' }, end: { date: '2026-04-03' } };
  const refused = async (requestBody, why) => {
    const error = await googleError(api.events.insert({ calendarId: 'primary', requestBody }));
    assert.equal(error.status, 400, why);
  };
  await refused({ ...allDay, eventType: 'focusTime', focusTimeProperties: {} }, 'focus time is never all-day');
  await refused({ ...allDay, eventType: 'outOfOffice', outOfOfficeProperties: {} }, 'out of office is never all-day');
  await refused({ ...timed, eventType: 'outOfOffice', transparency: 'transparent' }, 'out of office is busy time');
  await refused({ ...allDay, eventType: 'workingLocation' }, 'a working location needs its properties');
  await refused({ ...allDay, eventType: 'birthday' }, 'a birthday recurs yearly');
  await refused({ ...timed, eventType: 'fromGmail' }, 'only Gmail makes these');

  const { data: focus } = await api.events.insert({ calendarId: 'primary', requestBody: { ...timed, eventType: 'focusTime', focusTimeProperties: { chatStatus: 'doNotDisturb' } } });
  assert.equal(focus.eventType, 'focusTime');
  const { data: office } = await api.events.insert({
    calendarId: 'primary',
    requestBody: { ...allDay, eventType: 'workingLocation', workingLocationProperties: { type: 'homeOffice', homeOffice: {} } },
  });
  assert.deepEqual([office.transparency, office.visibility], ['transparent', 'public']);
  const { data: birthday } = await api.events.insert({
    calendarId: 'primary', requestBody: { ...allDay, summary: 'Ada', eventType: 'birthday', recurrence: ['RRULE:FREQ=YEARLY'] },
  });
  assert.deepEqual([birthday.transparency, birthday.birthdayProperties.type], ['transparent', 'birthday']);
  const retitled = await api.events.patch({ calendarId: 'primary', eventId: birthday.id, requestBody: { summary: 'Ada L.' } });
  assert.equal(retitled.data.summary, 'Ada L.');
  const located = await googleError(api.events.patch({ calendarId: 'primary', eventId: birthday.id, requestBody: { location: 'London' } }));
  assert.equal(reason(located), 'eventTypeRestriction');
  const retyped = await googleError(api.events.patch({ calendarId: 'primary', eventId: focus.id, requestBody: { eventType: 'default' } }));
  assert.equal(reason(retyped), 'eventTypeRestriction');
});

await check('push: channels.stop needs id and resourceId; 5xx answers are retried, a dropped notification never comes', async () => {
  const received = [];
  let failNext = true;
  const server = createServer((request, response) => {
    const number = Number(request.headers['x-goog-message-number']);
    if (number === 2 && failNext) {
      failNext = false;
      response.writeHead(503).end();
      return;
    }
    received.push(`${number} ${request.headers['x-goog-resource-state']}`);
    response.writeHead(200).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = `http://127.0.0.1:${server.address().port}/notifications`;
    const { data: channel } = await api.events.watch({
      calendarId: 'primary', requestBody: { id: `conformance-${Date.now()}`, type: 'web_hook', address, token: 'secret' },
    });
    const receivedCount = async (count) => {
      const deadline = Date.now() + 10000;
      while (received.length < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await api.events.patch({ calendarId: 'primary', eventId: 'conf0005', requestBody: { summary: 'push 2' } });
    await receivedCount(2);
    await fault({ kind: 'dropNotification', path: '/notifications', count: 1 });
    await api.events.patch({ calendarId: 'primary', eventId: 'conf0005', requestBody: { summary: 'push 3' } });
    await api.events.patch({ calendarId: 'primary', eventId: 'conf0005', requestBody: { summary: 'push 4' } });
    await receivedCount(3);
    assert.deepEqual(received, ['1 sync', '2 exists', '4 exists'], 'message 2 answered 503 once and came again; 3 was dropped');

    const missing = await googleError(api.channels.stop({ requestBody: { id: channel.id } }));
    assert.equal(missing.status, 400);
    assert.deepEqual([reason(missing), detail(missing).location], ['required', 'resourceId']);
    const { status } = await api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } });
    assert.equal(status, 204);
  } finally {
    server.close();
  }
});

await check('freebusy.query answers several calendars: own busy merged, others notFound, an empty range 400', async () => {
  const day = '2026-07-06';
  for (const [start, end, extra] of [['09:00', '10:00', {}], ['09:30', '11:00', { status: 'tentative' }], ['12:00', '13:00', { transparency: 'transparent' }]]) {
    await api.events.insert({
      calendarId: 'primary',
      requestBody: {
        summary: 'busy?', ...extra,
        start: { dateTime: `${day}T${start}:00`, timeZone: 'Europe/Berlin' },
        end: { dateTime: `${day}T${end}:00`, timeZone: 'Europe/Berlin' },
      },
    });
  }
  const { data } = await api.freebusy.query({
    requestBody: {
      timeMin: `${day}T00:00:00Z`, timeMax: `${day}T23:00:00Z`, timeZone: 'Europe/Berlin',
      items: [{ id: 'primary' }, { id: 'nobody@example.com' }],
    },
  });
  assert.equal(data.kind, 'calendar#freeBusy');
  assert.equal(data.timeMin, `${day}T00:00:00.000Z`);
  assert.deepEqual(data.calendars.primary.busy, [{ start: `${day}T09:00:00+02:00`, end: `${day}T11:00:00+02:00` }]);
  assert.deepEqual(data.calendars['nobody@example.com'].errors, [{ domain: 'global', reason: 'notFound' }]);

  const empty = await googleError(api.freebusy.query({ requestBody: { timeMin: `${day}T10:00:00Z`, timeMax: `${day}T09:00:00Z`, items: [] } }));
  assert.equal(empty.status, 400);
  assert.deepEqual([reason(empty), detail(empty).location], ['timeRangeEmpty', 'timeMax']);
});

// A second user, to share calendars with: their client uses the access token the admin path gave them.
async function otherUser() {
  const answer = await fetch(at('emulator/users'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Another person, using Google Calendar itself: every scope.
    body: JSON.stringify({ email: `conformance-other-${Date.now()}@example.com`, timeZone: 'Europe/Berlin', scope: 'https://www.googleapis.com/auth/calendar' }),
  });
  const user = await answer.json();
  const client = new OAuth2Client();
  client.setCredentials({ access_token: user.accessToken });
  return { email: user.email, api: calendar({ version: 'v3', auth: client, rootUrl: base.toString() }) };
}

async function share(calendarId, user, role) {
  const answer = await fetch(at(`emulator/calendars/${encodeURIComponent(calendarId)}/share`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, role }),
  });
  assert.equal(answer.status, 200, `share ${role}: ${answer.status}`);
}

let bookings;
await check('calendars.insert makes a secondary calendar; calendars.get and calendarList.get answer it', async () => {
  const { data } = await api.calendars.insert({ requestBody: { summary: 'Bookings', timeZone: 'Europe/Berlin', description: 'Appointments' } });
  assert.equal(data.kind, 'calendar#calendar');
  assert.match(data.id, /@group\.calendar\.google\.com$/);
  assert.deepEqual([data.summary, data.timeZone, data.description, data.dataOwner], ['Bookings', 'Europe/Berlin', 'Appointments', email]);
  bookings = data.id;
  const { data: got } = await api.calendars.get({ calendarId: bookings });
  assert.equal(got.summary, 'Bookings');
  const { data: entry } = await api.calendarList.get({ calendarId: bookings });
  assert.deepEqual([entry.kind, entry.accessRole, entry.primary], ['calendar#calendarListEntry', 'owner', undefined]);
  const missing = await googleError(api.calendars.insert({ requestBody: { description: 'no title' } }));
  assert.equal(missing.status, 400);
});

await check('events on a secondary calendar: insert, list, its own sync token, watch with its own resourceId', async () => {
  await api.events.insert({
    calendarId: bookings,
    requestBody: { id: 'book0001', summary: 'Booked', start: { dateTime: '2026-07-06T14:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-07-06T15:00:00', timeZone: 'Europe/Berlin' } },
  });
  const first = await listAll({ calendarId: bookings });
  assert.deepEqual(first.items.map((e) => e.id), ['book0001']);
  await api.events.patch({ calendarId: bookings, eventId: 'book0001', requestBody: { summary: 'Rebooked' } });
  const { data: changes } = await api.events.list({ calendarId: bookings, syncToken: first.nextSyncToken });
  assert.deepEqual(changes.items.map((e) => [e.id, e.summary]), [['book0001', 'Rebooked']]);
  const { data: primaryChannel } = await api.events.watch({ calendarId: 'primary', requestBody: { id: `c-p-${Date.now()}`, type: 'web_hook', address: 'http://127.0.0.1:9/n' } });
  const { data: channel } = await api.events.watch({ calendarId: bookings, requestBody: { id: `c-b-${Date.now()}`, type: 'web_hook', address: 'http://127.0.0.1:9/n' } });
  assert.notEqual(channel.resourceId, primaryChannel.resourceId);
  for (const c of [primaryChannel, channel]) {
    await api.channels.stop({ requestBody: { id: c.id, resourceId: c.resourceId } });
  }
});

await check('events.move: same id in the destination with a new etag and organizer; the source lists it cancelled; both channels notified', async () => {
  const received = [];
  const server = createServer((request, response) => {
    received.push(`${request.headers['x-goog-channel-id']} ${request.headers['x-goog-resource-state']}`);
    response.writeHead(200).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${server.address().port}/moves`;
  const opened = [];
  try {
    const { data: ev } = await api.events.insert({
      calendarId: 'primary',
      requestBody: { id: 'move0001', summary: 'Moving', start: { dateTime: '2026-07-08T10:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-07-08T11:00:00', timeZone: 'Europe/Berlin' } },
    });
    const primaryBefore = await listAll({ calendarId: 'primary' });
    const bookingsBefore = await listAll({ calendarId: bookings });
    for (const [calendarId, id] of [['primary', `m-p-${Date.now()}`], [bookings, `m-b-${Date.now()}`]]) {
      const { data } = await api.events.watch({ calendarId, requestBody: { id, type: 'web_hook', address } });
      opened.push(data);
    }

    const { data: moved } = await api.events.move({ calendarId: 'primary', eventId: 'move0001', destination: bookings, sendUpdates: 'none' });
    assert.deepEqual([moved.kind, moved.id, moved.summary, moved.organizer.email], ['calendar#event', 'move0001', 'Moving', bookings]);
    assert.notEqual(moved.etag, ev.etag);
    assert.equal(moved.start.dateTime, '2026-07-08T10:00:00+02:00');

    const { data: left } = await api.events.list({ calendarId: 'primary', syncToken: primaryBefore.nextSyncToken });
    assert.deepEqual(left.items.map((e) => [e.id, e.status]), [['move0001', 'cancelled']]);
    const { data: arrived } = await api.events.list({ calendarId: bookings, syncToken: bookingsBefore.nextSyncToken });
    assert.deepEqual(arrived.items.map((e) => [e.id, e.status, e.etag]), [['move0001', 'confirmed', moved.etag]]);

    const again = await googleError(api.events.move({ calendarId: 'primary', eventId: 'move0001', destination: bookings }));
    assert.deepEqual([again.status, reason(again)], [404, 'notFound']);
    const { data: back } = await api.events.move({ calendarId: bookings, eventId: 'move0001', destination: 'primary' });
    assert.deepEqual([back.id, back.status, back.organizer.email], ['move0001', 'confirmed', email]);

    const deadline = Date.now() + 10000;
    while (received.filter((r) => r.endsWith('exists')).length < 4 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const channel of opened) {
      assert.equal(received.filter((r) => r === `${channel.id} exists`).length, 2, `${channel.id} told of both moves`);
    }

    const unknown = await googleError(api.events.move({ calendarId: 'primary', eventId: 'move0001', destination: 'nobody@example.com' }));
    assert.equal(unknown.status, 404);
    const { data: focus } = await api.events.insert({
      calendarId: 'primary',
      requestBody: { eventType: 'focusTime', focusTimeProperties: {}, start: { dateTime: '2026-07-09T09:00:00+02:00' }, end: { dateTime: '2026-07-09T10:00:00+02:00' } },
    });
    const typed = await googleError(api.events.move({ calendarId: 'primary', eventId: focus.id, destination: bookings }));
    assert.deepEqual([typed.status, reason(typed)], [400, 'eventTypeRestriction']);
  } finally {
    for (const channel of opened) {
      await api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } });
    }
    server.close();
  }
});

const other = await otherUser();
let team;
await check('a calendar shared with each role: readers read, writers write, freeBusyReaders see times only, unshared is 404', async () => {
  ({ data: { id: team } } = await other.api.calendars.insert({ requestBody: { summary: 'Team' } }));
  await other.api.events.insert({
    calendarId: team,
    requestBody: { summary: 'Offsite', start: { dateTime: '2026-07-06T16:00:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-07-06T17:00:00', timeZone: 'Europe/Berlin' } },
  });
  const write = () => api.events.insert({ calendarId: team, requestBody: { start: { date: '2026-07-07' }, end: { date: '2026-07-08' } } });

  await share(team, email, 'writer');
  const { data: written } = await write();
  assert.equal(written.kind, 'calendar#event');

  await share(team, email, 'reader');
  const { data: read } = await api.events.list({ calendarId: team });
  assert.equal(read.accessRole, 'reader');
  assert.ok(read.items.some((e) => e.summary === 'Offsite'));
  const refused = await googleError(write());
  assert.equal(refused.status, 403);
  assert.deepEqual([detail(refused).domain, detail(refused).reason], ['calendar', 'requiredAccessLevel']);

  await share(team, email, 'freeBusyReader');
  const { data: busy } = await api.events.list({ calendarId: team });
  assert.equal(busy.accessRole, 'freeBusyReader');
  assert.ok(busy.items.length > 0 && busy.items.every((e) => e.summary === undefined && e.start));
  const { data: entry } = await api.calendarList.get({ calendarId: team });
  assert.equal(entry.accessRole, 'freeBusyReader');

  await share(team, email, 'none');
  const gone = await googleError(api.events.list({ calendarId: team }));
  assert.equal(gone.status, 404);
  await share(team, email, 'reader');
});

await check('events.move needs writer access on both calendars: a reader\'s move is 403 requiredAccessLevel', async () => {
  // The user is a reader of the team calendar here.
  const { data: teamEvents } = await api.events.list({ calendarId: team });
  const fromReader = await googleError(api.events.move({ calendarId: team, eventId: teamEvents.items[0].id, destination: 'primary' }));
  assert.deepEqual([fromReader.status, detail(fromReader).domain, reason(fromReader)], [403, 'calendar', 'requiredAccessLevel']);
  const toReader = await googleError(api.events.move({ calendarId: 'primary', eventId: 'move0001', destination: team }));
  assert.deepEqual([toReader.status, reason(toReader)], [403, 'requiredAccessLevel']);
  const { data: still } = await api.events.get({ calendarId: 'primary', eventId: 'move0001' });
  assert.equal(still.status, 'confirmed');
});

await check('calendarList.list names own and shared calendars with their roles, pages, and filters by minAccessRole', async () => {
  const { data } = await api.calendarList.list();
  assert.equal(data.kind, 'calendar#calendarList');
  const roles = Object.fromEntries(data.items.map((e) => [e.id, e.accessRole]));
  assert.deepEqual([roles[email], roles[bookings], roles[team]], ['owner', 'owner', 'reader']);
  assert.deepEqual(data.items.filter((e) => e.primary).map((e) => e.id), [email]);
  assert.ok(data.nextSyncToken);

  const ids = [];
  let pageToken;
  do {
    const { data: page } = await api.calendarList.list({ maxResults: 1, pageToken });
    ids.push(...page.items.map((e) => e.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  assert.deepEqual(ids, data.items.map((e) => e.id));

  const { data: writable } = await api.calendarList.list({ minAccessRole: 'writer' });
  assert.ok(!writable.items.some((e) => e.id === team));
});

await check('freebusy.query across primary, secondary, shared and unknown calendars', async () => {
  const { data } = await api.freebusy.query({
    requestBody: {
      timeMin: '2026-07-06T00:00:00Z', timeMax: '2026-07-06T22:00:00Z', timeZone: 'Europe/Berlin',
      items: [{ id: 'primary' }, { id: bookings }, { id: team }, { id: 'nobody@example.com' }],
    },
  });
  assert.deepEqual(data.calendars.primary.busy, [{ start: '2026-07-06T09:00:00+02:00', end: '2026-07-06T11:00:00+02:00' }]);
  assert.deepEqual(data.calendars[bookings].busy, [{ start: '2026-07-06T14:00:00+02:00', end: '2026-07-06T15:00:00+02:00' }]);
  assert.deepEqual(data.calendars[team].busy, [{ start: '2026-07-06T16:00:00+02:00', end: '2026-07-06T17:00:00+02:00' }]);
  assert.deepEqual(data.calendars['nobody@example.com'].errors, [{ domain: 'global', reason: 'notFound' }]);
});

// A user whose tokens carry only the scopes given, through the admin path (as a consent for them would).
async function userWithScopes(...scopes) {
  const answer = await fetch(at('emulator/users'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `conformance-scoped-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`, timeZone: 'Europe/Berlin', scope: scopes.map((s) => `https://www.googleapis.com/auth/${s}`).join(' ') }),
  });
  const user = await answer.json();
  const client = new OAuth2Client();
  client.setCredentials({ access_token: user.accessToken });
  return { email: user.email, api: calendar({ version: 'v3', auth: client, rootUrl: base.toString() }) };
}

const oneHour = { start: { dateTime: '2026-07-10T09:00:00+02:00' }, end: { dateTime: '2026-07-10T10:00:00+02:00' } };
const range = { timeMin: '2026-07-10T00:00:00Z', timeMax: '2026-07-11T00:00:00Z' };

await check('scopes: a method the token\'s scopes do not cover is 403 insufficient scopes, as Google words it', async () => {
  const product = await userWithScopes('calendar.events', 'calendar.calendarlist.readonly');
  await product.api.events.insert({ calendarId: 'primary', requestBody: oneHour });
  await product.api.calendarList.list();

  const refused = await googleError(product.api.freebusy.query({ requestBody: { ...range, items: [{ id: 'primary' }] } }));
  const { error } = refused.response.data;
  assert.deepEqual([error.code, error.message, error.status], [403, 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED']);
  assert.deepEqual(error.errors, [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }]);
  assert.deepEqual([error.details[0]['@type'], error.details[0].reason, error.details[0].metadata.method],
    ['type.googleapis.com/google.rpc.ErrorInfo', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', 'calendar.v3.Freebusy.Query']);
  const headers = refused.response.headers;
  assert.match(headers.get?.('www-authenticate') ?? headers['www-authenticate'], /error="insufficient_scope".*calendar\.events\.freebusy/);
  const made = await googleError(product.api.calendars.insert({ requestBody: { summary: 'Bookings' } }));
  assert.deepEqual([made.status, reason(made)], [403, 'insufficientPermissions']);

  const busy = await userWithScopes('calendar.events.freebusy');
  const { data: answer } = await busy.api.freebusy.query({ requestBody: { ...range, items: [{ id: 'primary' }] } });
  assert.deepEqual(answer.calendars.primary.busy, []);
  const written = await googleError(busy.api.events.insert({ calendarId: 'primary', requestBody: oneHour }));
  assert.equal(reason(written), 'insufficientPermissions');
  const listed = await googleError(busy.api.calendarList.list());
  assert.equal(reason(listed), 'insufficientPermissions');
  await (await userWithScopes('calendar.freebusy')).api.freebusy.query({ requestBody: { ...range, items: [{ id: 'primary' }] } });
});

await check('scopes: calendar.app.created makes calendars and reaches those alone; events.owned the owned ones; events.freebusy reads events\' times only', async () => {
  const app = await userWithScopes('calendar.app.created');
  const { data: made } = await app.api.calendars.insert({ requestBody: { summary: 'Bookings' } });
  const { data: ev } = await app.api.events.insert({ calendarId: made.id, requestBody: { ...oneHour, summary: 'Booked' } });
  assert.equal(ev.summary, 'Booked');
  await app.api.calendars.get({ calendarId: made.id });
  await app.api.calendarList.get({ calendarId: made.id });
  const primary = await googleError(app.api.events.list({ calendarId: 'primary' }));
  assert.deepEqual([primary.status, reason(primary)], [403, 'insufficientPermissions']);
  const list = await googleError(app.api.calendarList.list());
  assert.equal(reason(list), 'insufficientPermissions');
  const moved = await googleError(app.api.events.move({ calendarId: made.id, eventId: ev.id, destination: 'primary' }));
  assert.equal(reason(moved), 'insufficientPermissions');

  const busy = await userWithScopes('calendar.events.freebusy', 'calendar.events.owned');
  await busy.api.events.insert({ calendarId: 'primary', requestBody: { ...oneHour, summary: 'Private' } });
  const { data: own } = await busy.api.events.list({ calendarId: 'primary' });
  assert.equal(own.items[0].summary, 'Private', 'events.owned reads the calendars the user owns in full');
  await share(team, busy.email, 'reader');
  const { data: shared } = await busy.api.events.list({ calendarId: team });
  assert.ok(shared.items.every((e) => e.summary === undefined && e.start), 'events.freebusy alone: times only');

  // events.owned moves only between calendars the user owns: a calendar they may write but do not own is beyond it.
  await share(team, busy.email, 'writer');
  const mine = own.items[0].id;
  const beyond = await googleError(busy.api.events.move({ calendarId: 'primary', eventId: mine, destination: team }));
  assert.deepEqual([beyond.status, reason(beyond)], [403, 'insufficientPermissions']);
});

await check('calendarList.delete unsubscribes, calendars.delete removes; the primary refuses both; a list sync token names what left', async () => {
  const { data: before } = await api.calendarList.list();
  await api.calendarList.delete({ calendarId: team });
  const unsubscribed = await googleError(api.calendarList.get({ calendarId: team }));
  assert.equal(unsubscribed.status, 404);

  const { status } = await api.calendars.delete({ calendarId: bookings });
  assert.equal(status, 204);
  const deleted = await googleError(api.calendars.get({ calendarId: bookings }));
  assert.equal(deleted.status, 404);

  const { data: changes } = await api.calendarList.list({ syncToken: before.nextSyncToken });
  assert.deepEqual(changes.items.map((e) => [e.id, e.deleted]).sort(), [[bookings, true], [team, true]].sort());

  const primaryDelete = await googleError(api.calendars.delete({ calendarId: 'primary' }));
  assert.deepEqual([primaryDelete.status, reason(primaryDelete)], [403, 'cannotDeletePrimaryCalendar']);
  const primaryLeave = await googleError(api.calendarList.delete({ calendarId: 'primary' }));
  assert.equal(primaryLeave.status, 403);
});

await check('an expired sync token is 410 fullSyncRequired', async () => {
  const fault = await fetch(at('emulator/faults'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'expireSyncTokens' }),
  });
  assert.equal(fault.status, 200);
  const error = await googleError(api.events.list({ calendarId: 'primary', syncToken }));
  assert.equal(error.status, 410);
  assert.deepEqual([detail(error).domain, detail(error).reason, detail(error).location, detail(error).locationType],
    ['calendar', 'fullSyncRequired', 'syncToken', 'parameter']);
});

await check('an expired access token is refreshed with the refresh token', async () => {
  auth.setCredentials({ refresh_token: refreshToken, access_token: 'ya29.expired', expiry_date: Date.now() - 1000 });
  const { data } = await api.calendars.get({ calendarId: 'primary' });
  assert.equal(data.id, email);
  assert.notEqual(auth.credentials.access_token, 'ya29.expired');
});

await check('a rejected access token (401) is refreshed and the call retried', async () => {
  // Without an expiry date the client cannot know the token is bad until Google's 401 says so.
  auth.setCredentials({ refresh_token: refreshToken, access_token: 'ya29.unknown' });
  const { data } = await api.events.get({ calendarId: 'primary', eventId: 'conf0003' });
  assert.equal(data.id, 'conf0003');
});

await check('after revoke the refresh token is invalid_grant', async () => {
  await auth.revokeToken(refreshToken);
  const error = await googleError(auth.refreshToken(refreshToken));
  assert.equal(error.response?.data?.error, 'invalid_grant');
});

console.log(`conformance: ${checks} checks passed`);

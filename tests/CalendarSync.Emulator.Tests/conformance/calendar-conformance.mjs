// Drives the emulator with Google's own Node clients (@googleapis/calendar, google-auth-library), pointed at
// it with rootUrl and the OAuth endpoint overrides, and checks they see what they would see at Google.
// Usage: node calendar-conformance.mjs <emulator base URL>. Prints one "ok" line per check; exits 1 on the
// first failure.
import assert from 'node:assert/strict';
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

await check('an expired sync token is 410 fullSyncRequired', async () => {
  const fault = await fetch(at('emulator/faults'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'expireSyncTokens' }),
  });
  assert.equal(fault.status, 200);
  const error = await googleError(api.events.list({ calendarId: 'primary', syncToken }));
  assert.equal(error.status, 410);
  assert.equal(reason(error), 'fullSyncRequired');
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

// Estimator's pages: forms that call the REST API, live regions fed by the group's event stream,
// the round timer and the copy button. No framework and no build step; the server renders every
// piece of HTML (escaped by its templates), this script fetches it and morphs the page into it
// (idiomorph), or sets a number or a state an event carries.

import { Idiomorph } from './vendor/idiomorph-0.8.0/idiomorph.esm.js';

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
/** The script's own words, in the page's language (data-t-* on the body, rendered from the message bundle). */
const text = document.body.dataset;
const lang = document.documentElement.lang || undefined;

/** Calls the API with the session cookie and the CSRF token; throws with the server's message. */
async function call(method, url, body, type) {
  const headers = { 'X-CSRF-Token': csrf, Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = type ?? 'application/json';
    init.body = type ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    let message = `${text.tServerAnswered ?? 'The server answered'} ${response.status}`;
    try {
      message = (await response.json()).message ?? message;
    } catch {
      // not JSON: keep the status
    }
    throw new Error(message);
  }
  return response.status === 204 ? null : response.json().catch(() => null);
}

/** A form's JSON body: its named fields (the clicked button's value last), or a chosen file's text. */
async function bodyOf(form, submitter) {
  if (form.dataset.type === 'text/csv') {
    const file = form.querySelector('input[type="file"]')?.files?.[0];
    if (!file) {
      throw new Error(text.tChooseFile);
    }
    return file.text();
  }
  if ('query' in form.dataset) {
    return undefined; // its fields travel in the query (withQuery)
  }
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled || field.type === 'submit' || (field.value === '' && !('sendEmpty' in field.dataset))) {
      continue;
    }
    body[field.name] = field.type === 'checkbox' ? field.checked : value(field, field.value);
  }
  if (submitter?.name) {
    body[submitter.name] = value(submitter, submitter.value);
  } else if (submitter && form.dataset.field) {
    // A row's button outside its form (form=): the form names the field the button's value fills.
    body[form.dataset.field] = value(form, submitter.value);
  }
  return Object.keys(body).length ? body : undefined;
}

/**
 * The fields of a file form (an import's format, say: the body is the file) and of a form marked
 * data-query travel in the query.
 */
function withQuery(form, url) {
  if (!form.dataset.type && !('query' in form.dataset)) {
    return url;
  }
  const query = new URLSearchParams();
  for (const field of form.elements) {
    if (field.name && !field.disabled && field.type !== 'file' && field.type !== 'submit' && field.value !== ''
        && (field.type !== 'checkbox' || field.checked)) {
      query.append(field.name, field.value);
    }
  }
  return query.size ? `${url}?${query}` : url;
}

function value(field, text) {
  switch (field.dataset.json) {
    case 'number': return Number(text);
    case 'list': return text.split(',').map((s) => s.trim()).filter(Boolean);
    // A datetime-local field holds the viewer's local time: sent as an instant (ISO-8601, UTC).
    case 'datetime': return new Date(text).toISOString();
    default: return text;
  }
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api) {
    return;
  }
  event.preventDefault();
  const row = event.submitter?.closest('[data-issue]');
  const question = (event.submitter?.dataset.confirm ?? form.dataset.confirm)
    ?.replace(':story', row?.querySelector('.story')?.textContent ?? '');
  if (question && !window.confirm(question)) {
    return;
  }
  const error = form.dataset.error ? document.getElementById(form.dataset.error) : form.querySelector('.form-error');
  if (error) {
    error.textContent = '';
  }
  form.querySelector('.form-status')?.replaceChildren();
  // One form may serve every row of a list: ":issue" in its address is the issue of the row whose
  // button was pressed.
  const [method, template] = form.dataset.api.split(' ');
  const url = withQuery(form, template.replace(':issue', row?.dataset.issue ?? ''));
  form.setAttribute('aria-busy', 'true');
  // Leaving for good (deleting or leaving the group): the stream's last events must not pull the
  // page back to "not found" while the request is on its way or the next page loads.
  leaving = form.dataset.then?.startsWith('go:') ?? false;
  try {
    const result = await call(method, url, await bodyOf(form, event.submitter), form.dataset.type);
    done(form, result);
  } catch (e) {
    leaving = false;
    if (error) {
      error.textContent = e.message;
    }
  } finally {
    form.removeAttribute('aria-busy');
  }
});

/** What follows a successful form: go elsewhere, reload, or show what it created and refresh. */
function done(form, result) {
  const then = form.dataset.then ?? 'refresh';
  if (then.startsWith('go-issue:') && result?.id !== undefined) {
    // What the form created (a quick round's issue): its page.
    stream?.close();
    window.location.assign(then.slice('go-issue:'.length) + Number(result.id));
    return;
  }
  if (then.startsWith('go:')) {
    stream?.close();
    window.location.assign(then.slice(3));
    return;
  }
  if (then === 'reload') {
    window.location.reload();
    return;
  }
  // A secret shown once (an invite link, an API token): into its read-only field, ready to copy.
  const shown = result?.[form.dataset.showField];
  if (shown) {
    const field = document.getElementById(form.dataset.showIn);
    // An invite link is relative unless the server knows its public address: complete it from ours.
    field.value = shown.startsWith('/') ? new URL(shown, window.location.href).href : shown;
    field.closest('[hidden]')?.removeAttribute('hidden');
    field.focus();
    field.select();
  }
  // What the request did, in the form's words: ":created issues added" with the answer's numbers.
  const report = form.querySelector('.form-status');
  if (report && form.dataset.report && result) {
    report.textContent = form.dataset.report.replace(/:(\w+)/g, (_, key) => String(result[key] ?? ''));
  }
  if ('reset' in form.dataset) {
    form.reset();
  }
  [...form.elements].forEach((e) => touched.delete(e));
  refreshSoon(0);
}

// The settings form: the custom cards field only counts for the custom deck. The footer's language and
// theme apply as soon as they are chosen (its button does the same without a script).
document.addEventListener('change', (event) => {
  if (event.target.id === 'deck') {
    document.getElementById('custom-cards').disabled = event.target.value !== 'CUSTOM';
  }
  if (event.target.closest?.('#preferences')) {
    event.target.form.requestSubmit();
  }
});

document.addEventListener('click', async (event) => {
  const button = event.target.closest?.('button[data-copy]');
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select(); // plain HTTP on another host has no clipboard API: leave it selected
    document.execCommand?.('copy');
  }
  if (status) {
    status.textContent = text.tCopied;
  }
});

// --- Live regions -------------------------------------------------------------------------------

const live = document.querySelector('[data-live]');
let stream = null;
let leaving = false;
let timer = null;
let running = false;
let again = false;
/** The small events applied while a fetch is on its way: applied again on what it brings (see refresh). */
let appliedMeanwhile = [];
/** The id of the last event the page applied: a stream opened anew resumes after it. */
let lastEventId = null;
/** How long the page waits before it tries again after its stream was refused (doubles up to a limit). */
let backoff = 2000;

function refreshSoon(delay = 100) {
  if (!live) {
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(refresh, delay);
}

/**
 * The fields the user has changed and not sent yet: a live update must not take them back (the
 * focused one is kept by the morph itself). A form that was sent, or reset, is the server's again.
 */
const touched = new WeakSet();
document.addEventListener('input', (event) => touched.add(event.target));
document.addEventListener('change', (event) => touched.add(event.target));
document.addEventListener('reset', (event) => [...event.target.elements].forEach((e) => touched.delete(e)));

const keepEdits = {
  morphStyle: 'innerHTML',
  ignoreActiveValue: true,
  callbacks: {
    beforeAttributeUpdated: (name, element) => !(
      ((name === 'value' || name === 'checked') && touched.has(element))
      || (name === 'selected' && touched.has(element.closest('select')))),
  },
};

/**
 * Fetches the page's live part again and morphs the page into it: the elements that stay are kept,
 * so focus, the caret and a field being typed in survive. Resolves to whether the page is now up to
 * date; false when the server could not answer for now (unreachable, overloaded, restarting behind a
 * proxy), in which case the page stays as it is and whoever called tries again later.
 */
async function refresh() {
  if (leaving) {
    return false;
  }
  if (running) {
    again = true;
    return false;
  }
  running = true;
  appliedMeanwhile = [];
  try {
    const response = await fetch(live.dataset.live, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (response.status >= 500 || response.status === 429) {
      return retryLater(); // a reload would only show the proxy's error page
    }
    if (!response.ok || response.redirected) {
      // Removed from the group, the group deleted, signed out (sent to sign in): the full page says
      // what happened.
      if (!leaving) {
        window.location.reload();
      }
      return false;
    }
    const html = await response.text();
    Idiomorph.morph(live, html, keepEdits);
    // The fragment may have been rendered before an event that reached the page meanwhile: those
    // carry the newer value (they come in order, so the last one applied wins).
    for (const [type, data] of appliedMeanwhile) {
      applied[type](data);
    }
    announce();
    tick();
    localTimes(live);
    return true;
  } catch {
    return retryLater(); // offline for a moment
  } finally {
    running = false;
    appliedMeanwhile = [];
    if (again) {
      again = false;
      refreshSoon(0);
    }
  }
}

/**
 * A fetch of the live part failed for now. While the stream is up or reconnecting, the page asks
 * again in a few seconds (the next event might be long in coming); a refused stream has its own
 * recovery (recoverLater). Resolves refresh to false.
 */
function retryLater() {
  if (stream && stream.readyState !== EventSource.CLOSED) {
    refreshSoon(2000 + Math.random() * 2000);
  }
  return false;
}

/**
 * The events a page applies itself from their data, without fetching its live part: a card given
 * changes a number on every page of the group (and the owner's review), and a room of 20 would
 * otherwise render its page 20 times per card. Each returns false when the page does not hold what
 * the event changes in the way it expects, and the page is fetched instead. Every other event
 * changes the page's structure.
 */
const applied = {
  'estimates.count': ({ issueId, estimates }) => {
    // The issue page marks its count (and progress bar); a row of the group page holds its count in
    // the span within its state's span (group.html: no attribute, to keep a long backlog small).
    const shown = live.dataset.pageIssue
      ? live.querySelectorAll(`[data-estimates-of="${Number(issueId)}"]`)
      : live.querySelectorAll(`[data-issue="${Number(issueId)}"] .issue-state > span > span`);
    for (const element of shown) {
      if (element instanceof HTMLProgressElement) {
        element.value = estimates;
      } else {
        element.textContent = String(estimates);
      }
    }
    return shown.length > 0;
  },
  'review.changed': ({ review, message }) => {
    if (!review) {
      const shown = live.querySelector('#review-message');
      if (shown) {
        shown.textContent = message;
      }
      return Boolean(shown); // else the review goes: fetched
    }
    const rows = [...live.querySelectorAll('#distribution li')];
    const counts = review.distribution ?? {};
    if (!live.querySelector('#review') || (review.average == null) === Boolean(live.querySelector('#review-average'))
        || rows.length !== Object.keys(counts).length || rows.some((li) => !Object.hasOwn(counts, li.dataset.label))) {
      return false; // the review appears, or its rows change: fetched
    }
    const set = (id, text) => {
      const element = document.getElementById(id);
      if (element) {
        element.textContent = text;
      }
    };
    set('review-count', String(review.count));
    if (review.average != null) {
      set('review-average', num(review.average));
      set('review-integer', String(review.nearestInteger));
      set('review-suggested', review.suggested ?? '');
      set('review-median', num(review.median));
      set('review-range', `${num(review.min)} – ${num(review.max)}`);
    }
    const consensus = document.getElementById('review-consensus');
    if (consensus) {
      consensus.textContent = review.consensus ? consensus.dataset.yes : consensus.dataset.no;
    }
    const most = Math.max(1, ...Object.values(counts));
    for (const li of rows) {
      const n = counts[li.dataset.label];
      const meter = li.querySelector('meter');
      meter.max = most;
      meter.value = n;
      meter.setAttribute('aria-label', `${li.dataset.label}: ${n}`);
      li.querySelector('.bar-count').textContent = String(n);
    }
    // The lock form offers the suggestion, as the server renders it, until the owner chooses.
    const lock = document.getElementById('lock-value');
    if (lock && !touched.has(lock)) {
      for (const option of lock.options) {
        option.defaultSelected = option.selected = option.value === review.suggested;
      }
    }
    return true;
  },
  presence: ({ userId, online }) => {
    const list = live.querySelector('#members');
    if (!list) {
      return true; // a page without the member list
    }
    const dot = list.querySelector(`[data-member="${Number(userId)}"] .presence`);
    if (!dot) {
      return false;
    }
    dot.classList.toggle('online', online);
    dot.setAttribute('aria-label', online ? list.dataset.online : list.dataset.offline);
    return true;
  },
};

const numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

/** A statistic as the server's pages write it (Pages.num): "8" rather than "8.0", at most two decimals. */
function num(value) {
  return value == null ? '' : numbers.format(value);
}

/** What a page does with one event of its group's stream. */
function onEvent(type, event) {
  lastEventId = event.lastEventId || lastEventId;
  let data = {};
  try {
    data = JSON.parse(event.data);
  } catch {
    // no data: handled as a structural change
  }
  // The issue page ignores what happens to other issues, except what changes its previous/next links.
  const page = live.dataset.pageIssue;
  if (page && data.issueId !== undefined && String(data.issueId) !== page
      && !['issue.added', 'issue.reordered', 'issue.deleted'].includes(type)) {
    return;
  }
  if (type === 'review.changed' && !page) {
    return; // only the issue page shows a review
  }
  if (applied[type]?.(data)) {
    if (running) {
      appliedMeanwhile.push([type, data]);
    }
    announce();
    return;
  }
  refreshSoon();
}

/** Tells screen readers the new progress, once per change. */
function announce() {
  const target = document.getElementById('announce');
  const text = live.querySelector('[data-announce]')?.textContent.replace(/\s+/g, ' ').trim();
  if (target && text && target.textContent !== text) {
    target.textContent = text;
  }
}

function connect() {
  const status = document.getElementById('live-status');
  const setStatus = (state, text) => {
    if (status) {
      status.dataset.state = state;
      status.textContent = text;
    }
  };
  // EventSource sends the cookie, reconnects by itself and resumes with Last-Event-ID; the URL's
  // lastEventId is the event the page was rendered at (or, for a stream opened anew, the last one
  // it applied), so the stream sends only newer changes.
  const url = new URL(live.dataset.events, window.location.href);
  if (lastEventId) {
    url.searchParams.set('lastEventId', lastEventId);
  }
  stream = new EventSource(url);
  stream.addEventListener('open', () => {
    backoff = 2000;
    setStatus('live', text.tLive);
  });
  for (const type of live.dataset.eventTypes.split(' ')) {
    stream.addEventListener(type, (event) => onEvent(type, event));
  }
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED) {
      // EventSource gives up on an answer other than a stream: refused (no longer a member, group
      // gone), or the server or its proxy unavailable for now (503 while overloaded or restarting).
      setStatus('offline', text.tOffline);
      recoverLater();
    } else {
      setStatus('reconnecting', text.tReconnecting);
    }
  });
}

/**
 * After the stream was refused: checks the page itself (a refusal for good reloads it, see refresh)
 * and, once the server answers again, brings the page up to date and opens the stream anew. The
 * waits grow while the server stays away, and vary, so that the pages of a restarted server do not
 * all come back in the same second.
 */
function recoverLater() {
  const wait = backoff * (0.5 + Math.random());
  backoff = Math.min(backoff * 2, 30000);
  setTimeout(async () => {
    if (leaving) {
      return;
    }
    if (await refresh()) {
      connect();
    } else {
      recoverLater();
    }
  }, wait);
}

if (live?.dataset.events) {
  connect();
}

// --- Round timer --------------------------------------------------------------------------------

function tick() {
  for (const clock of document.querySelectorAll('[data-ends-at]')) {
    if (!clock.dataset.skew) {
      clock.dataset.skew = String(Number(clock.dataset.now) - Date.now());
    }
    const left = Math.max(0, Number(clock.dataset.endsAt) - (Date.now() + Number(clock.dataset.skew)));
    clock.textContent = countdown(Math.ceil(left / 1000));
  }
}

/** 4:05 under an hour; 2 h 05 min under a day; 3 d 4 h beyond (a deadline days ahead). */
function countdown(seconds) {
  if (seconds <= 0) {
    return text.tTimeUp;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 24 * 60) {
    return `${Math.floor(minutes / 60)} ${text.tHours} ${String(minutes % 60).padStart(2, '0')} ${text.tMinutes}`;
  }
  return `${Math.floor(minutes / 1440)} ${text.tDays} ${Math.floor((minutes % 1440) / 60)} ${text.tHours}`;
}

/**
 * Times the server wrote in UTC, shown in the viewer's own time zone and language: time[data-local]
 * as a date and time, time[data-relative] as "in 3 hours" (the date and time as its title).
 */
function localTimes(root = document) {
  const format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const time of root.querySelectorAll('time[data-local], time[data-relative]')) {
    const date = new Date(time.dateTime);
    if (Number.isNaN(date.getTime())) {
      continue;
    }
    if ('relative' in time.dataset) {
      const minutes = Math.round((date.getTime() - Date.now()) / 60000);
      const [value, unit] = Math.abs(minutes) < 60 ? [minutes, 'minute']
        : Math.abs(minutes) < 48 * 60 ? [Math.round(minutes / 60), 'hour'] : [Math.round(minutes / 1440), 'day'];
      time.textContent = relative.format(value, unit);
      time.title = format.format(date);
    } else {
      time.textContent = format.format(date);
      time.title = time.dateTime;
    }
  }
}

tick();
localTimes();
setInterval(tick, 1000);

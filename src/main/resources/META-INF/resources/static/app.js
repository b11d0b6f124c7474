// Estimator's pages: forms that call the REST API, live regions fed by the group's event stream,
// the round timer and the copy button. No framework and no build step; the server renders every
// piece of HTML (escaped by its templates), this script only fetches and swaps it.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

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
    let message = `The server answered ${response.status}`;
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
      throw new Error('Choose a CSV file first');
    }
    return file.text();
  }
  const body = {};
  for (const field of form.elements) {
    if (!field.name || field.disabled || field.type === 'submit' || field.value === '') {
      continue;
    }
    body[field.name] = value(field, field.value);
  }
  if (submitter?.name) {
    body[submitter.name] = value(submitter, submitter.value);
  } else if (submitter && form.dataset.field) {
    // A row's button outside its form (form=): the form names the field the button's value fills.
    body[form.dataset.field] = value(form, submitter.value);
  }
  return Object.keys(body).length ? body : undefined;
}

function value(field, text) {
  switch (field.dataset.json) {
    case 'number': return Number(text);
    case 'list': return text.split(',').map((s) => s.trim()).filter(Boolean);
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
  // One form may serve every row of a list: ":issue" in its address is the issue of the row whose
  // button was pressed.
  const [method, template] = form.dataset.api.split(' ');
  const url = template.replace(':issue', row?.dataset.issue ?? '');
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
  if ('reset' in form.dataset) {
    form.reset();
  }
  refreshSoon(0);
}

// The settings form: the custom cards field only counts for the custom deck.
document.addEventListener('change', (event) => {
  if (event.target.id === 'deck') {
    document.getElementById('custom-cards').disabled = event.target.value !== 'CUSTOM';
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
    status.textContent = 'Copied to the clipboard';
  }
});

// --- Live regions -------------------------------------------------------------------------------

const live = document.querySelector('[data-live]');
let stream = null;
let leaving = false;
let timer = null;
let running = false;
let again = false;

function refreshSoon(delay = 100) {
  if (!live) {
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(refresh, delay);
}

/** Fetches the page's live part again and swaps it in, keeping focus where it was. */
async function refresh() {
  if (leaving) {
    return;
  }
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    const response = await fetch(live.dataset.live, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok || response.redirected) {
      // Removed from the group, the group deleted, signed out (sent to sign in): the full page says
      // what happened.
      if (!leaving) {
        window.location.reload();
      }
      return;
    }
    const html = await response.text();
    // Focus as it is now, after the fetch: the user may have moved on meanwhile.
    const active = document.activeElement;
    if (live.contains(active) && active.matches('input, select, textarea')) {
      // Someone is typing or choosing in there: do not pull the field away under them.
      active.addEventListener('blur', () => refreshSoon(), { once: true });
      return;
    }
    // Focus returns to the same control: by its id, or (a list row's button) by its row and label.
    const focusedId = live.contains(active) ? active.id : null;
    const focusedRow = live.contains(active) ? active.closest?.('[data-issue]')?.dataset.issue : null;
    const focusedLabel = active?.getAttribute?.('aria-label');
    live.innerHTML = html;
    if (focusedId) {
      document.getElementById(focusedId)?.focus();
    } else if (focusedRow && focusedLabel) {
      live.querySelector(`[data-issue="${focusedRow}"] [aria-label="${CSS.escape(focusedLabel)}"]`)?.focus();
    }
    announce();
    tick();
  } catch {
    // offline for a moment: the event stream reconnects and triggers the next refresh
  } finally {
    running = false;
    if (again) {
      again = false;
      refreshSoon(0);
    }
  }
}

/** Tells screen readers the new progress, once per change. */
function announce() {
  const target = document.getElementById('announce');
  const text = live.querySelector('[data-announce]')?.dataset.announce;
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
  // lastEventId is the event the page was rendered at, so the stream sends only newer changes.
  stream = new EventSource(live.dataset.events);
  stream.addEventListener('open', () => setStatus('live', 'Live'));
  for (const type of live.dataset.eventTypes.split(' ')) {
    stream.addEventListener(type, () => refreshSoon());
  }
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED) {
      // Refused (no longer a member, group gone) or a proxy error: check the page itself.
      setStatus('offline', 'Offline');
      setTimeout(() => refresh(), 2000);
    } else {
      setStatus('reconnecting', 'Reconnecting…');
    }
  });
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
    const seconds = Math.ceil(left / 1000);
    clock.textContent = seconds > 0
      ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
      : 'time is up';
  }
}

tick();
setInterval(tick, 1000);

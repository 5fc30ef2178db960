// The page: sign in, ask (a question or SQL), read the answer (table, chart, SQL), see the plan.
// It talks only to the public HTTP API; the signed-in user is whoever the token says.
import { ApiError, api } from './api.js';
import { chooseChart, describeChart, drawChart } from './charts.js';
import { element, wireCopy } from './dom.js';
import { columnKinds, formatValue, layoutSql, toCsv } from './format.js';
import { renderPlan } from './plan.js';

const $ = (id) => document.getElementById(id);
const SESSION_KEY = 'nl2sql.session';
const NO_ANSWER = new Set(['no_confident_match', 'cannot_answer', 'write_refused', 'draft_failed']);
const DATABASE = new Set(['cost_exceeded', 'invalid_sql', 'undefined_column', 'undefined_table',
  'statement_too_complex', 'execution_failed', 'result_unreadable', 'permission_denied', 'read_only_violation']);
const SOURCES = {
  verified: ['Verified question', 'A reviewed question and its SQL'],
  composed: ['Composed from the schema', 'Built word by word from the documented schema; no model involved'],
  llm: ['Drafted by the LLM', 'Written by a language model, then checked by the guard'],
  sql: ['Your SQL', 'The SQL you wrote, as the guard rewrote it for your rows'],
};

const state = {
  session: null,      // {token, name, exp}
  questions: [],      // the verified questions ({id, question, explanation, examples})
  last: null,         // {kind: 'question' | 'sql', text, payload}
  chart: null,        // the Chart.js instance on the page
  busyUntil: 0,       // a rate limit: no requests before this time (ms)
};

// ---- session ---------------------------------------------------------------------------------------------------

function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
  } catch {
    return {};
  }
}

function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    if (saved && saved.token && (!saved.exp || saved.exp * 1000 > Date.now())) return saved;
  } catch {
    // a damaged entry is no session
  }
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

function saveSession(session) {
  state.session = session;
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

function signOut(notice) {
  state.session = null;
  state.last = null;
  sessionStorage.removeItem(SESSION_KEY);
  $('workspace').hidden = true;
  $('who').hidden = true;
  $('answer').hidden = true;
  $('plan').hidden = true;
  hideProblem();
  $('sign-in').hidden = false;
  const box = $('sign-in-notice');
  box.hidden = !notice;
  box.textContent = notice || '';
}

async function signIn(session) {
  saveSession(session);
  try {
    const found = await api('/v1/questions', { token: session.token });  // also checks the token
    state.questions = found.questions;
  } catch (error) {
    signOut(error instanceof ApiError && error.status === 401
      ? `That token was refused: ${error.message}`
      : `Could not sign in: ${error.message}`);
    return false;
  }
  $('sign-in').hidden = true;
  $('workspace').hidden = false;
  $('who').hidden = false;
  $('who-name').textContent = session.name;
  renderSuggestions();
  loadSchema();
  $('question').focus();
  return true;
}

async function loadDemoUsers() {
  let users;
  try {
    users = (await api('/v1/demo/users')).users;
  } catch {
    return;  // not a demo server: sign in with a token
  }
  const list = $('demo-users');
  list.replaceChildren();
  for (const user of users) {
    const first = user.name.split(' ')[0];
    const item = element('li');
    const button = element('button', { className: 'demo-user', attrs: { type: 'button' } });
    const extra = [user.roles.includes('admin') ? 'admin' : '', user.status !== 'active' ? user.status : '']
      .filter(Boolean).join(', ');
    button.append(element('span', { className: 'avatar', text: first[0], attrs: { 'aria-hidden': 'true' } }),
      element('span', { className: 'demo-name', text: user.name }));
    if (extra) button.append(element('span', { className: 'demo-extra', text: extra }));
    button.addEventListener('click', async () => {
      try {
        // A first name, never an id: the id comes back only inside the token.
        const minted = await api('/v1/demo/token', { method: 'POST', body: { user: first.toLowerCase() } });
        await signIn({ token: minted.token, name: minted.name, exp: Date.now() / 1000 + minted.expires_in });
      } catch (error) {
        signOut(`Could not get a demo token: ${error.message}`);
      }
    });
    item.append(button);
    list.append(item);
  }
  $('demo').hidden = false;
  $('token-title').textContent = 'Or paste an access token';
}

// ---- asking ----------------------------------------------------------------------------------------------------

function renderSuggestions() {
  const list = $('question-list');
  list.replaceChildren();
  for (const question of state.questions) {
    for (const text of [question.question, ...question.examples]) list.append(element('option', { attrs: { value: text } }));
  }
  const box = $('suggestions');
  box.replaceChildren(element('span', { className: 'hint', text: 'Try:' }));
  for (const question of state.questions.slice(0, 8)) box.append(suggestionButton(question.question));
}

function suggestionButton(text) {
  const button = element('button', { className: 'chip', text, attrs: { type: 'button' } });
  button.addEventListener('click', () => {
    selectTab('question');
    $('question').value = text;
    ask(text);
  });
  return button;
}

async function loadSchema() {
  try {
    const { tables } = await api('/v1/schema', { token: state.session.token });
    const box = $('schema-list');
    box.replaceChildren();
    for (const table of tables) {
      const entry = element('div', { className: 'schema-table' });
      entry.append(element('strong', { text: table.name }),
        element('span', { className: 'hint', text: ` ${table.columns.map((c) => c.name).join(', ')}` }));
      box.append(entry);
    }
  } catch {
    // the schema list is a convenience; asking still works
  }
}

async function call(path, body) {
  const wait = Math.ceil((state.busyUntil - Date.now()) / 1000);
  if (wait > 0) throw new ApiError(429, 'rate_limited', 'Too many requests.', wait);
  return api(path, { token: state.session.token, method: 'POST', body });
}

async function ask(question) {
  const text = question.trim();
  if (!text) return;
  await run('question', text, () => call('/v1/ask', { question: text }));
}

async function runSql(sql) {
  const text = sql.trim();
  if (!text) return;
  await run('sql', text, () => call('/v1/sql', { sql: text }));
}

async function run(kind, text, request) {
  hideProblem();
  $('plan').hidden = true;
  setStatus(kind === 'question' ? 'Asking…' : 'Running…');
  const started = performance.now();
  let payload;
  try {
    payload = await request();
  } catch (error) {
    setStatus('');
    $('answer').hidden = true;
    showProblem(error, kind, text);
    return;
  }
  const ms = Math.round(performance.now() - started);
  state.last = { kind, text, payload };
  renderAnswer(kind, text, payload);
  setStatus(`${payload.row_count} ${payload.row_count === 1 ? 'row' : 'rows'} in ${ms} ms.`);
}

// ---- the answer ------------------------------------------------------------------------------------------------

function renderAnswer(kind, text, payload) {
  $('answer').hidden = false;
  $('answer-title').textContent = kind === 'question' ? payload.question : 'Your query';
  const source = payload.source || 'sql';
  const [label, title] = SOURCES[source] || [source, ''];
  const badge = $('source');
  badge.textContent = label;
  badge.title = title;
  badge.className = `source ${source}`;
  $('explanation').textContent = payload.explanation || '';
  $('explanation').hidden = !payload.explanation;

  const kinds = columnKinds(payload.columns, payload.rows);
  renderChart(payload, kinds);
  renderTable(payload, kinds);

  const truncated = payload.truncated ? ' More rows exist than were returned: narrow the question, or ask for fewer.' : '';
  $('row-note').textContent = `${payload.row_count} ${payload.row_count === 1 ? 'row' : 'rows'}.${truncated}`;
  $('row-note').classList.toggle('truncated', payload.truncated);

  const code = $('sql-text');
  code.replaceChildren();
  for (const part of layoutSql(payload.sql)) {
    code.append(part.kind === 'plain' ? document.createTextNode(part.text) : element('span', { className: part.kind, text: part.text }));
  }
  $('sql-params').textContent = payload.params.length
    ? `$1 = ${payload.params[0]}: your user id, bound as a parameter (never part of the SQL text).`
    : '';
}

function renderChart(payload, kinds) {
  if (state.chart) {
    state.chart.destroy();
    state.chart = null;
  }
  const choice = chooseChart(payload.columns, payload.rows, kinds);
  $('figure').hidden = !choice || choice.type !== 'figure';
  $('chart-box').hidden = !choice || choice.type === 'figure';
  if (!choice) return;
  if (choice.type === 'figure') {
    $('figure-value').textContent = formatValue(choice.value);
    $('figure-label').textContent = choice.label;
    return;
  }
  const canvas = $('chart');
  canvas.setAttribute('aria-label', describeChart(choice));
  canvas.dataset.chart = choice.type;
  state.chart = drawChart(canvas, choice);
}

function renderTable(payload, kinds) {
  const table = $('results');
  table.replaceChildren();
  const head = element('thead');
  const headRow = element('tr');
  payload.columns.forEach((column, i) => {
    headRow.append(element('th', { text: column, className: kinds[i], attrs: { scope: 'col' } }));
  });
  head.append(headRow);
  const body = element('tbody');
  for (const row of payload.rows) {
    const tr = element('tr');
    row.forEach((value, i) => {
      const cell = element('td', { text: formatValue(value), className: value === null ? `${kinds[i]} null` : kinds[i] });
      if (kinds[i] === 'time' || kinds[i] === 'number') cell.title = String(value);
      tr.append(cell);
    });
    body.append(tr);
  }
  if (!payload.rows.length) {
    const tr = element('tr');
    tr.append(element('td', { className: 'empty-result', text: 'No rows.', attrs: { colspan: String(payload.columns.length || 1) } }));
    body.append(tr);
  }
  table.append(head, body);
}

function downloadCsv() {
  if (!state.last) return;
  const { columns, rows } = state.last.payload;
  const url = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }));
  const link = element('a', { attrs: { href: url, download: 'nl2sql-results.csv' } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function showPlan() {
  if (!state.last) return;
  setStatus('Planning…');
  let report;
  try {
    report = await call('/v1/explain', { query: state.last.text });
  } catch (error) {
    setStatus('');
    showProblem(error, state.last.kind, state.last.text);
    return;
  }
  setStatus('');
  renderPlan(report, { tree: $('plan-tree'), note: $('plan-note'), findings: $('findings') });
  $('plan').hidden = false;
  $('plan').scrollIntoView({ block: 'start' });
  $('plan-title').focus();
}

// ---- problems a person can act on ------------------------------------------------------------------------------

function hideProblem() {
  $('problem').hidden = true;
  $('problem').replaceChildren();
}

function closestQuestions(text, count) {
  const words = new Set(text.toLowerCase().match(/[a-z]+/g) || []);
  const score = (q) => [q.question, ...q.examples].join(' ').toLowerCase().match(/[a-z]+/g)
    .filter((w) => w.length > 2 && words.has(w)).length;
  return [...state.questions].map((q, i) => [score(q), -i, q]).sort((a, b) => b[0] - a[0] || b[1] - a[1])
    .slice(0, count).map(([, , q]) => q);
}

function showProblem(error, kind, text) {
  const box = $('problem');
  box.replaceChildren();
  const problem = error instanceof ApiError ? error : new ApiError(0, 'error', String(error), null);
  let title;
  let advice = '';
  let kindClass = 'error';
  if (problem.status === 401) {
    signOut(`Signed out: ${problem.message}`);
    return;
  }
  if (problem.status === 429 || problem.code === 'rate_limited') {
    const wait = problem.retryAfter || 1;
    state.busyUntil = Date.now() + wait * 1000;
    title = 'Rate limit reached';
    advice = `Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`;
    kindClass = 'wait';
  } else if (NO_ANSWER.has(problem.code)) {
    title = problem.code === 'write_refused' ? 'This only reads data' : 'No answer to that question';
    kindClass = 'no-answer';
  } else if (problem.status === 422 && !DATABASE.has(problem.code)) {
    title = 'Refused by the guard';
    advice = 'The query was not run. Change it and try again.';
    kindClass = 'refused';
  } else if (DATABASE.has(problem.code)) {
    title = problem.code === 'cost_exceeded' ? 'Too expensive to run' : 'The database could not run it';
  } else if (problem.status === 503) {
    title = 'The database is unavailable';
    advice = `Try again in ${problem.retryAfter || 2} seconds.`;
    kindClass = 'wait';
  } else if (problem.status === 504) {
    title = 'The query took too long';
    advice = 'Ask for less (a shorter time window, fewer rows).';
  } else {
    title = 'Something went wrong';
  }
  box.className = `problem ${kindClass}`;
  box.append(element('h2', { text: title }), element('p', { className: 'problem-message', text: problem.message }));
  if (advice) box.append(element('p', { className: 'advice', text: advice }));
  box.append(element('p', { className: 'hint', text: `code: ${problem.code}` }));
  if (kindClass === 'no-answer' && kind === 'question' && state.questions.length) {
    box.append(element('p', { text: 'Questions it can answer:' }));
    const list = element('div', { className: 'suggestions' });
    closestQuestions(text, 6).forEach((q) => list.append(suggestionButton(q.question)));
    box.append(list);
  }
  box.hidden = false;
}

function setStatus(text) {
  $('status').textContent = text;
}

// ---- tabs, forms, keys -----------------------------------------------------------------------------------------

function selectTab(name) {
  for (const tab of ['question', 'sql']) {
    const selected = tab === name;
    const button = $(`tab-${tab}`);
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`${tab}-form`).hidden = !selected;
  }
}

function wire() {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim().replace(/^bearer\s+/i, '');
    const claims = tokenClaims(token);
    const name = claims.email || (claims.sub ? `user ${claims.sub}` : 'the token\'s user');
    signIn({ token, name, exp: typeof claims.exp === 'number' ? claims.exp : null });
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  $('question-form').addEventListener('submit', (event) => {
    event.preventDefault();
    ask($('question').value);
  });
  $('sql-form').addEventListener('submit', (event) => {
    event.preventDefault();
    runSql($('sql').value);
  });
  $('sql').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runSql($('sql').value);
    }
  });
  for (const tab of ['question', 'sql']) {
    const button = $(`tab-${tab}`);
    button.addEventListener('click', () => selectTab(tab));
    button.addEventListener('keydown', (event) => {
      if (['ArrowLeft', 'ArrowRight'].includes(event.key)) {
        const other = tab === 'question' ? 'sql' : 'question';
        selectTab(other);
        $(`tab-${other}`).focus();
      }
    });
  }
  $('download').addEventListener('click', downloadCsv);
  $('show-plan').addEventListener('click', showPlan);
  wireCopy($('copy-sql'), () => (state.last ? state.last.payload.sql : ''), 'Copy SQL');
  $('plan-title').tabIndex = -1;
}

async function start() {
  wire();
  await loadDemoUsers();
  const saved = loadSession();
  if (saved) await signIn(saved);
  else signOut('');
  document.body.dataset.ready = 'true';
}

start();

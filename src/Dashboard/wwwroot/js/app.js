// The board's shell: sign-in, one shared alert stream, and a small history-API router over the views.

import { api, session, setUnauthorizedHandler } from './api.js';
import { h, replace, toast } from './dom.js';
import { AlertStream } from './stream.js';
import { renderSignIn } from './signin.js';
import * as board from './views/board.js';
import * as detail from './views/detail.js';
import * as entity from './views/entity.js';
import * as monitor from './views/monitor.js';
import * as posture from './views/posture.js';
import * as reports from './views/reports.js';
import * as report from './views/report.js';

const routes = [
  { pattern: /^\/$/, view: board, nav: 'board' },
  { pattern: /^\/alerts\/([^/]+)$/, view: detail, nav: 'board' },
  { pattern: /^\/entities\/([^/]+)$/, view: entity, nav: 'board' },
  { pattern: /^\/monitor$/, view: monitor, nav: 'monitor' },
  { pattern: /^\/posture$/, view: posture, nav: 'posture' },
  { pattern: /^\/reports$/, view: reports, nav: 'reports' },
  { pattern: /^\/reports\/([^/]+)$/, view: report, nav: 'reports' },
];

const root = document.getElementById('view');
const ctx = { me: null, config: null, stream: null, navigate, api, toast };
let unmount = null;
let config = null;

async function boot() {
  try {
    config = await api.get('/v1/ui/config');
  } catch {
    config = { sla: {}, signIn: [] };
  }
  ctx.config = config;
  setUnauthorizedHandler(() => signOut('Your session has ended; sign in again.'));
  document.getElementById('sign-out').addEventListener('click', () => signOut());
  document.addEventListener('click', onLinkClick);
  window.addEventListener('popstate', () => route());
  // An API key in this tab's session storage, or an OIDC session cookie: /v1/me says which, if any.
  const res = await fetch('/v1/me', { headers: session.key ? { Authorization: `Bearer ${session.key}` } : {}, credentials: 'same-origin' });
  if (res.ok) await signedIn(await res.json());
  else showSignIn();
}

function showSignIn(message) {
  unmount?.();
  unmount = null;
  document.body.classList.add('signed-out');
  renderSignIn(root, config, me => signedIn(me), message);
}

async function signedIn(me) {
  ctx.me = me;
  document.body.classList.remove('signed-out');
  replace(document.getElementById('who'), h('span', { text: `${me.name} · ${me.role}${me.tenant ? ` · ${me.tenant}` : ''}` }));
  document.getElementById('sign-out').hidden = false;
  // Regulator reports are for roles that draft them (the routes answer 403 to the others).
  document.querySelector('[data-nav=reports]').hidden = !me.can?.draftReports;
  ctx.stream?.stop();
  ctx.stream = new AlertStream();
  ctx.stream.addEventListener('unauthorized', () => signOut('Your session has ended; sign in again.'));
  if (location.pathname === '/signin') history.replaceState(null, '', '/');
  // The stream is open before any view loads its snapshot, so every later change arrives through it.
  await ctx.stream.start();
  route();
}

async function signOut(message) {
  ctx.stream?.stop();
  ctx.stream = null;
  ctx.me = null;
  session.key = null;
  document.getElementById('who').replaceChildren();
  document.getElementById('sign-out').hidden = true;
  if (config?.signIn?.length) {
    // Ends a cookie session too (no-op for API keys).
    try { await fetch('/auth/signout', { method: 'POST', headers: { 'X-Lepton-Client': 'board' }, credentials: 'same-origin' }); } catch { /* offline */ }
  }
  showSignIn(message);
}

function onLinkClick(e) {
  const a = e.target.closest?.('a[data-link]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
}

/** Goes to a board URL without a reload; replace keeps the history entry (filter changes). */
function navigate(url, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

function route() {
  if (!ctx.me) return;
  const path = location.pathname;
  const match = routes.map(r => ({ r, m: path.match(r.pattern) })).find(x => x.m);
  unmount?.();
  unmount = null;
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === match?.r.nav);
  if (!match) {
    replace(root, h('p.empty', { text: 'Nothing here.' }), h('a', { href: '/', 'data-link': true, text: 'Back to the alerts' }));
    return;
  }
  const params = match.m.slice(1).map(decodeURIComponent);
  unmount = match.r.view.mount(root, ctx, params) || null;
}

boot();

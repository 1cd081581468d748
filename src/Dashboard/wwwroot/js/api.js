// The board's only way to the server: same-origin fetch with the signed-in credential.
// An API key lives in sessionStorage (gone when the tab closes, never in the URL); an OIDC session is a cookie.

const KEY = 'lepton.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(v) { if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY); },
};

/** Called when the server says the credential is gone (401): the app shows the sign-in form. */
let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export function authHeaders(extra = {}) {
  // The custom header marks requests as the board's own (a cross-site form cannot send it): the cookie session
  // refuses state changes without it.
  const headers = { 'X-Lepton-Client': 'board', ...extra };
  const key = session.key;
  if (key) headers.Authorization = `Bearer ${key}`;
  return headers;
}

/** Query string from an object, skipping empty values; arrays repeat the key. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach(x => q.append(k, x));
    else q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request(method, path, body, { signal, allow = [] } = {}) {
  const init = { method, headers: authHeaders(), credentials: 'same-origin', signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { error: text }; }
  }
  if (res.status === 401) {
    onUnauthorized();
    throw new ApiError(401, data);
  }
  if (!res.ok && !allow.includes(res.status)) throw new ApiError(res.status, data);
  return allow.length ? { status: res.status, data } : data;
}

export const api = {
  get: (path, params, opts) => request('GET', path + query(params), undefined, opts),
  post: (path, body, opts) => request('POST', path, body ?? {}, opts),
  patch: (path, body, opts) => request('PATCH', path, body ?? {}, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
};

// Sign-in: an API key in the embedded default (kept in sessionStorage), plus one button per configured method (OIDC).

import { h, replace } from './dom.js';
import { session } from './api.js';

export function renderSignIn(root, config, onSignedIn, message) {
  const error = h('p.error', { role: 'alert', text: message || '' });
  const input = h('input', { id: 'api-key', type: 'password', name: 'api-key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form.signin', {
    onsubmit: async e => {
      e.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      const res = await fetch('/v1/me', { headers: { Authorization: `Bearer ${key}` } });
      if (!res.ok) {
        error.textContent = res.status === 401 ? 'That API key is not known.' : `Sign-in failed (${res.status}).`;
        input.select();
        return;
      }
      session.key = key;
      onSignedIn(await res.json());
    },
  },
    h('h1', { text: 'Sign in to Lepton Monitor' }),
    h('label', { for: 'api-key', text: 'API key' }),
    input,
    h('button.primary', { type: 'submit', text: 'Sign in' }),
    error,
    (config?.signIn || []).length
      ? h('div.signin-methods', null, h('p.muted', { text: 'or' }),
        config.signIn.map(m => h('a.button', { href: withReturn(m.url), 'data-signin-method': m.id, text: m.label })))
      : null,
  );
  replace(root, h('section.signin-page', null, form));
  input.focus();
}

/** A deep link (/alerts/…) opened while signed out comes back to where it pointed after the provider's round trip. */
function withReturn(url) {
  const here = location.pathname + location.search;
  if (here === '/' || here.startsWith('/signin')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}returnUrl=${encodeURIComponent(here)}`;
}

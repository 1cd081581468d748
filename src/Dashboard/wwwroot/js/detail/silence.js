// "Silence similar": a silence prefilled with matchers from this alert, previewed (how many alerts, which) before saving.

import { h } from '../dom.js';

const DURATIONS = [['1 hour', 1], ['4 hours', 4], ['24 hours', 24], ['7 days', 168]];

export function openSilenceDialog(alert, ctx) {
  const matchers = [['ruleId', alert.ruleId], ['jurisdiction', alert.jurisdiction], ['entity', alert.entity]].map(([name, value]) => ({
    name,
    use: h('input', { type: 'checkbox', checked: true, 'aria-label': `Match ${name}` }),
    value: h('input', { type: 'text', value, 'aria-label': `${name} value` }),
  }));
  const duration = h('select', { 'aria-label': 'Duration' }, DURATIONS.map(([label, hours]) => h('option', { value: hours, text: label })));
  const comment = h('input', { type: 'text', 'aria-label': 'Silence comment', placeholder: 'why (required)', value: `similar to ${alert.id}` });
  const result = h('div.preview', { 'aria-live': 'polite' });
  const error = h('p.error');
  const save = h('button.primary', { type: 'button', text: 'Save silence', disabled: true });

  const body = () => {
    const start = new Date();
    return {
      tenant: alert.tenant,
      matchers: matchers.filter(m => m.use.checked).map(m => ({ name: m.name, value: m.value.value, isRegex: false, isEqual: true })),
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + Number(duration.value) * 3600_000).toISOString(),
      comment: comment.value.trim(),
    };
  };
  const fail = e => { error.textContent = e.message; };
  const preview = async () => {
    error.textContent = '';
    save.disabled = true;
    try {
      const p = await ctx.api.post('/v1/silences/preview?pageSize=20', body());
      result.replaceChildren(
        h('p', null, 'Would silence ', h('strong.preview-count', { text: String(p.total) }), ` open alert${p.total === 1 ? '' : 's'} now.`),
        h('ul.related-list', null, p.items.map(a => h('li', null, h('code', { text: a.id }), h('span.muted', { text: ` ${a.ruleId} · ${a.entity}` })))));
      save.disabled = false;
    } catch (e) { fail(e); }
  };
  // Any change invalidates the preview: the analyst saves what they saw.
  for (const input of [duration, comment, ...matchers.flatMap(m => [m.use, m.value])]) input.addEventListener('input', () => { save.disabled = true; });
  save.addEventListener('click', async () => {
    try {
      await ctx.api.post('/v1/silences', body());
      ctx.toast('Silence saved', 'ok');
      close();
    } catch (e) { fail(e); }
  });

  const overlay = h('div.overlay', { onclick: e => e.target === overlay && close() },
    h('div.dialog.silence-dialog', { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Silence similar alerts' },
      h('h2', { text: 'Silence similar alerts' }),
      h('table.matchers', null, h('tbody', null, matchers.map(m => h('tr', null,
        h('td', null, m.use), h('td', null, h('code', { text: m.name })), h('td', { text: '=' }), h('td', null, m.value))))),
      h('div.act-row', null, h('span.muted', { text: 'For' }), duration),
      h('div.act-row', null, comment),
      result, error,
      h('div.act-row', null,
        h('button', { type: 'button', text: 'Preview', onclick: preview }),
        save,
        h('button', { type: 'button', text: 'Cancel', onclick: () => close() }))));
  const onKey = e => { if (e.key === 'Escape') { e.stopPropagation(); close(); } };
  function close() { overlay.remove(); document.removeEventListener('keydown', onKey, true); }
  document.addEventListener('keydown', onKey, true);
  document.body.appendChild(overlay);
  return close;
}

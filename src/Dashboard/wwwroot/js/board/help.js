// The keyboard help overlay (opened with ?).

import { h } from '../dom.js';

export const KEYS = [
  ['j / ↓', 'next alert'],
  ['k / ↑', 'previous alert'],
  ['Enter', 'open the alert (or fold a group)'],
  ['a', 'acknowledge the selected alert, or the checked ones'],
  ['x', 'check or uncheck the selected alert'],
  ['/', 'search'],
  ['Home / End', 'first / last alert'],
  ['?', 'this help'],
  ['Esc', 'close overlays, clear the selection'],
];

export function showHelp(onClose) {
  const close = () => { overlay.remove(); onClose?.(); };
  const overlay = h('div.overlay.help-overlay', { onclick: e => { if (e.target === overlay) close(); } },
    h('div.dialog.help', { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Keyboard shortcuts' },
      h('h2', { text: 'Keyboard shortcuts' }),
      h('dl.keys', null, KEYS.flatMap(([key, what]) => [h('dt', null, h('kbd', { text: key })), h('dd', { text: what })])),
      h('p.muted', { text: 'Keys work whenever the focus is not in a text field.' }),
      h('div.dialog-actions', null, h('button', { type: 'button', text: 'Close', onclick: close }))));
  overlay._close = close;
  document.body.appendChild(overlay);
  overlay.querySelector('button').focus();
  return overlay;
}

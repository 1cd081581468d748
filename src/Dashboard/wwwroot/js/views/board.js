// The board view (placeholder until it is built).

import { h, replace } from '../dom.js';

export function mount(root, ctx, params) {
  replace(root, h('section.board', null, h('p.empty', { text: 'board' })));
  return () => {};
}

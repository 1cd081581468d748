// The detail view (placeholder until it is built).

import { h, replace } from '../dom.js';

export function mount(root, ctx, params) {
  replace(root, h('section.detail', null, h('p.empty', { text: 'detail' })));
  return () => {};
}

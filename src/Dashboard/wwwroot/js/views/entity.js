// The entity view (placeholder until it is built).

import { h, replace } from '../dom.js';

export function mount(root, ctx, params) {
  replace(root, h('section.entity', null, h('p.empty', { text: 'entity' })));
  return () => {};
}

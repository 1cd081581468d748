// Fairness of alert rates per sensitive attribute: lowest / highest eligible group's alert rate as a bar against the
// four-fifths line, with the groups behind it.

import { h } from '../dom.js';

const pct = v => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)}%`;

export function fairnessRows(attributes, { ratio = 0.8 } = {}) {
  return attributes.map(a => {
    const eligible = a.groups.filter(g => g.eligible);
    const compared = eligible.length >= 2;
    const fill = h('span.fair-fill');
    fill.style.width = `${Math.min(1, Math.max(0, a.rateRatio)) * 100}%`;
    const line = h('span.fair-line', { title: `four-fifths rule: ${ratio}` });
    line.style.left = `${ratio * 100}%`;
    const lowest = a.groups.find(g => g.group === a.lowestGroup);
    const highest = a.groups.find(g => g.group === a.highestGroup);
    return h('div.fair-row', { dataset: { attribute: a.attribute, ratio: String(a.rateRatio) }, class: `fair-row${a.finding ? ' finding' : compared && a.rateRatio < ratio ? ' below' : ''}${compared ? '' : ' pending'}` },
      h('span.fair-name', { text: a.attribute }),
      h('span.fair-track', { role: 'img', 'aria-label': `${a.attribute}: rate ratio ${a.rateRatio.toFixed(2)}, four-fifths line at ${ratio}` },
        compared ? fill : null, line),
      h('span.fair-value', { text: compared ? a.rateRatio.toFixed(2) : '–' }),
      h('span.fair-detail.muted', {
        text: compared
          ? `lowest ${lowest?.group} ${pct(lowest?.rate ?? 0)} · highest ${highest?.group} ${pct(highest?.rate ?? 0)} · ${eligible.length} groups compared${a.finding ? ' · finding' : a.rateRatio < ratio ? ' · below the line, not significant yet' : ''}`
          : `${eligible.length} of ${a.groups.length} groups have enough records to compare`,
      }));
  });
}

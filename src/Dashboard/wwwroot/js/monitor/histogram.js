// Baseline-vs-current histogram of one drift column on a small canvas: PSI's decile bins of the reference, each with
// the reference's share and the current window's share side by side.

import { theme, compact } from './charts.js';

const HEIGHT = 190;

/** Draws { edges, reference, current } (shares in PSI's bins, edges between them) into canvas; returns bins drawn. */
export function drawHistogram(canvas, { edges, reference, current }) {
  const t = theme();
  const width = Math.max(canvas.parentElement?.clientWidth || 300, 200);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(HEIGHT * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${HEIGHT}px`;
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, HEIGHT);

  const bins = reference.length;
  const left = 40, right = 8, top = 8, bottom = 34;
  const plotW = width - left - right, plotH = HEIGHT - top - bottom;
  const max = Math.max(0.01, ...reference, ...current) * 1.15;
  const y = v => top + plotH - (v / max) * plotH;
  g.font = '11px system-ui, sans-serif';
  g.textBaseline = 'middle';

  // Gridlines at round shares.
  g.strokeStyle = t.grid;
  g.fillStyle = t.text;
  g.lineWidth = 1;
  g.textAlign = 'right';
  const step = max > 0.5 ? 0.2 : max > 0.2 ? 0.1 : max > 0.1 ? 0.05 : 0.02;
  for (let v = 0; v <= max; v += step) {
    const py = Math.round(y(v)) + 0.5;
    g.beginPath(); g.moveTo(left, py); g.lineTo(width - right, py); g.stroke();
    g.fillText(`${Math.round(v * 100)}%`, left - 6, py);
  }

  const slot = plotW / bins;
  const bar = Math.max(2, slot * 0.36);
  for (let i = 0; i < bins; i++) {
    const x0 = left + i * slot + slot / 2;
    g.fillStyle = t.text;
    g.globalAlpha = 0.55;
    g.fillRect(x0 - bar - 1, y(reference[i]), bar, y(0) - y(reference[i]));
    g.globalAlpha = 1;
    g.fillStyle = t.accent;
    g.fillRect(x0 + 1, y(current[i]), bar, y(0) - y(current[i]));
  }
  // Edge values under the boundaries between bins (every other one when crowded).
  g.fillStyle = t.text;
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const every = slot < 34 ? 2 : 1;
  edges.forEach((e, i) => {
    if (i % every) return;
    g.fillText(compact(e), left + (i + 1) * slot, top + plotH + 6);
  });
  canvas.dataset.bins = String(bins);
  return bins;
}

// Time-series cards drawn with the vendored uPlot (global `uPlot`): one instance per card, data swapped in place on
// refresh, resized with its container, destroyed on unmount.

/** Theme colours from base.css, so the charts follow the board's variables. */
export function theme() {
  const css = getComputedStyle(document.documentElement);
  const v = name => css.getPropertyValue(name).trim();
  return {
    text: v('--muted') || '#8b949e', grid: v('--border') || '#30363d', accent: v('--accent') || '#2f81f7',
    warn: v('--warn') || '#d29922', bad: v('--bad') || '#f85149', ok: v('--ok') || '#3fb950', low: v('--low') || '#58a6ff',
    high: v('--high') || '#f0883e',
  };
}

/** "1.2k", "35", "0.42", "0.003". */
export function compact(n) {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  if (a >= 10 || a === 0) return `${+n.toFixed(0)}`;
  if (a >= 1) return `${+n.toFixed(1)}`;
  return `${+n.toPrecision(2)}`;
}

const HEIGHT = 170;

// Whole seconds and up: samples are seconds apart, so sub-second ticks (":00.500") would only add noise.
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

function axis(t, extra = {}) {
  return { stroke: t.text, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 }, font: '11px system-ui, sans-serif', ...extra };
}

/**
 * A uPlot line chart over time in `el`. series: [{ label, color, dash?, fill? }]; update(data) takes uPlot's aligned
 * columns [xs, ...ys]. The instance is kept on the element (el.uplot) and the point count in data-points, so tests and
 * tools can read what is drawn without any global.
 */
export class TimeChart {
  constructor(el, series, { yValue = compact, yMin = 0 } = {}) {
    this.el = el;
    this.series = series;
    this.yValue = yValue;
    this.yMin = yMin;
    this.plot = null;
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(el);
  }

  update(data) {
    const points = data[0].length;
    this.el.dataset.points = String(points);
    let max = 0;
    for (const col of data.slice(1)) for (const y of col) if (y !== null && y > max) max = y;
    this.el.dataset.max = String(max);
    if (!this.plot) this.create(data);
    else this.plot.setData(data);
  }

  create(data) {
    const t = theme();
    const yMin = this.yMin;
    const opts = {
      width: Math.max(this.el.clientWidth, 200),
      height: HEIGHT,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (u, min, max) => [yMin, max > yMin ? max * 1.15 : yMin + 1] } },
      axes: [axis(t, { incrs: TIME_INCRS, space: 60 }), axis(t, { size: 48, values: (u, vals) => vals.map(this.yValue) })],
      series: [
        { value: (u, v) => (v === null ? '' : new Date(v * 1000).toLocaleTimeString()) },
        ...this.series.map(s => ({
          label: s.label, stroke: s.color, width: s.width ?? 2, dash: s.dash, fill: s.fill,
          spanGaps: false, points: { show: data[0].length < 3 || !!s.points, size: 5, fill: s.color },
          value: (u, v) => (v === null ? '–' : this.yValue(v)),
        })),
      ],
    };
    this.plot = new uPlot(opts, data, this.el);
    this.el.uplot = this.plot;
  }

  fit() {
    if (this.plot && this.el.clientWidth > 0) this.plot.setSize({ width: this.el.clientWidth, height: HEIGHT });
  }

  destroy() {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
    delete this.el.uplot;
  }
}

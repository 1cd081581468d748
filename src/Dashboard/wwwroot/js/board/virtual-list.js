// A virtualised list with a fixed row height: only the rows in view (plus a few) are in the DOM, positioned over a
// spacer as tall as the whole list. Rows are kept per key and only updated while they stay in view.

const OVERSCAN = 8;

export class VirtualList {
  /** render(item, element | null, index) → element: makes or updates the element of one item. */
  constructor(viewport, rowHeight, keyOf, render) {
    this.viewport = viewport;
    this.rowHeight = rowHeight;
    this.keyOf = keyOf;
    this.render = render;
    this.items = [];
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    viewport.appendChild(this.spacer);
    this.shown = new Map(); // key → element
    this._frame = 0;
    this._onScroll = () => this.schedule();
    viewport.addEventListener('scroll', this._onScroll, { passive: true });
  }

  destroy() {
    cancelAnimationFrame(this._frame);
    this.viewport.removeEventListener('scroll', this._onScroll);
  }

  /**
   * New items. keepKey: an item that should stay where it is on screen (new alerts arriving above the one the analyst
   * reads do not push it away); returns how many rows were added above it.
   */
  setItems(items, keepKey) {
    let shifted = 0;
    if (keepKey != null && this.viewport.scrollTop > 0) {
      const before = this.indexOfKey(keepKey);
      this.items = items;
      const after = before < 0 ? -1 : this.indexOfKey(keepKey);
      if (before >= 0 && after >= 0 && after !== before) {
        shifted = after - before;
        this.spacer.style.height = `${items.length * this.rowHeight}px`;
        this.viewport.scrollTop += shifted * this.rowHeight;
      }
    } else {
      this.items = items;
    }
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    this.paint();
    return shifted;
  }

  indexOfKey(key) {
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (this.keyOf(items[i]) === key) return i;
    return -1;
  }

  /** The key of the first row in view (what setItems keeps in place). */
  firstVisibleKey() {
    const i = Math.floor(this.viewport.scrollTop / this.rowHeight);
    return i < this.items.length ? this.keyOf(this.items[i]) : null;
  }

  schedule() {
    if (this._frame) return;
    this._frame = requestAnimationFrame(() => { this._frame = 0; this.paint(); });
  }

  scrollToIndex(i) {
    const top = i * this.rowHeight;
    const vp = this.viewport;
    const header = this.stickyTop || 0;
    if (top < vp.scrollTop + header) vp.scrollTop = top - header;
    else if (top + this.rowHeight > vp.scrollTop + vp.clientHeight) vp.scrollTop = top + this.rowHeight - vp.clientHeight;
    this.paint();
  }

  paint() {
    const vp = this.viewport;
    const h = this.rowHeight;
    const first = Math.max(0, Math.floor(vp.scrollTop / h) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((vp.scrollTop + vp.clientHeight) / h) + OVERSCAN);
    const next = new Map();
    for (let i = first; i < last; i++) {
      const item = this.items[i];
      const key = this.keyOf(item);
      const old = this.shown.get(key);
      const el = this.render(item, old || null, i);
      if (el !== old && old) old.remove();
      if (el._top !== i) {
        el.style.transform = `translateY(${i * h}px)`;
        el._top = i;
      }
      next.set(key, el);
    }
    for (const [key, el] of this.shown) if (!next.has(key) || next.get(key) !== el) el.remove();
    // DOM order follows list order, so screen readers and automation read the rows as they are shown.
    let want = this.spacer.firstChild;
    for (const el of next.values()) {
      if (el !== want) this.spacer.insertBefore(el, want);
      else want = want.nextSibling;
    }
    this.shown = next;
  }
}

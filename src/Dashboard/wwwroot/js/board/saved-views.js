// Named board views (a filter's query string) per signed-in identity, in localStorage. Only the identity's id is in
// the storage key, never a credential.

const prefix = 'lepton.board.views.';

export class SavedViews {
  constructor(identity) { this.key = prefix + (identity || 'anonymous'); }

  list() {
    try {
      const views = JSON.parse(localStorage.getItem(this.key) || '[]');
      return Array.isArray(views) ? views.filter(v => v && typeof v.name === 'string' && typeof v.query === 'string') : [];
    } catch {
      return [];
    }
  }

  save(name, query) {
    const views = this.list().filter(v => v.name !== name);
    views.push({ name, query });
    views.sort((a, b) => a.name.localeCompare(b.name));
    localStorage.setItem(this.key, JSON.stringify(views));
  }

  remove(name) {
    localStorage.setItem(this.key, JSON.stringify(this.list().filter(v => v.name !== name)));
  }
}

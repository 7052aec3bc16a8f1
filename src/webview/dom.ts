// Small DOM builders the chat view's components share (plain DOM: no framework, nothing to load).

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A codicon button; its title doubles as its accessible name. */
export function iconButton(icon: string, title: string, action?: string): HTMLButtonElement {
  const b = el('button', 'icon-button');
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  if (action) b.dataset.action = action;
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i);
  return b;
}

/** Gives an icon button its (translated) name: tooltip and accessible name alike. */
export function nameButton(b: HTMLButtonElement, name: string): void {
  b.title = name;
  b.setAttribute('aria-label', name);
}

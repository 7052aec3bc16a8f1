// Brings a live subtree to a newly rendered (already sanitized) one by changing only what
// differs. The open tail of a streamed answer is rendered again for every few words; replacing its
// elements each time made the browser compute style and layout for all of them anew, and dropped
// a selection the reader had made in it. Kept: every node whose kind, tag and attributes match
// (its text updated in place); the rest is taken over from the new render. Behaviour lives in
// attributes only (clicks are delegated), so a kept element is indistinguishable from a new one.

function sameAttributes(a: Element, b: Element): boolean {
  if (a.attributes.length !== b.attributes.length) return false;
  // Indexed: this runs for every element of the tail on each render, and Array.from allocates.
  for (let i = 0; i < a.attributes.length; i++) {
    const attr = a.attributes[i]!;
    if (b.getAttribute(attr.name) !== attr.value) return false;
  }
  return true;
}

/** Text that grew is appended to: a selection in it stays where it was (a whole new value would move it to the start). */
function setText(node: CharacterData, value: string): void {
  const old = node.data;
  if (old === value) return;
  if (value.startsWith(old)) node.appendData(value.slice(old.length));
  else node.data = value;
}

function sameShell(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  return (a as Element).tagName === (b as Element).tagName && sameAttributes(a as Element, b as Element);
}

/**
 * Makes `target`'s children equal to `source`'s (`isEqualNode`), reusing the nodes of `target`
 * that already match; nodes it needs are moved out of `source`.
 */
export function morphChildren(target: Node, source: Node): void {
  let old = target.firstChild;
  let next = source.firstChild;
  while (next) {
    const after = next.nextSibling;
    if (old && sameShell(old, next)) {
      if (old.nodeType === Node.ELEMENT_NODE) morphChildren(old, next);
      else setText(old as CharacterData, next.nodeValue ?? '');
      old = old.nextSibling;
    } else if (old) {
      const replaced = old;
      old = old.nextSibling;
      target.replaceChild(next, replaced);
    } else {
      target.appendChild(next);
    }
    next = after;
  }
  while (old) {
    const extra = old;
    old = old.nextSibling;
    target.removeChild(extra);
  }
}

// Plain words streamed onto the end of the open tail are written into the text already shown,
// without rendering the tail again: marked, DOMPurify and the new nodes were most of what a token
// of prose cost. Taken only where rendering again would give the same nodes: the new text is
// letters, digits, spaces and commas (nothing markdown reads), and the shown text ends with a
// whole plain word, so nothing before it can become a link, an entity, emphasis or a list with
// the new text (those need a mark next to or inside that word). The next render of the tail (any
// other character) brings it back to exactly what marked gives (./morph); a block, once finished,
// is rendered from its text anyway.

/** Ends with no space: a rendered block drops the spaces at its end. */
const PLAIN = /^[\p{L}\p{N} ,]*[\p{L}\p{N},]$/u;
const LAST_WORD = /[\p{L}\p{N}]+$/u;
/** A line that may define a link reference: it renders as nothing, so its words are not on screen. */
const DEFINITION = /^ {0,3}\[[^\n]*\]:/m;

/** The last child that is not whitespace between elements. */
function lastMeaningful(parent: Node): Node | null {
  let n = parent.lastChild;
  while (n && n.nodeType === Node.TEXT_NODE && !n.nodeValue!.trim()) n = n.previousSibling;
  return n;
}

function lastText(root: Node): Text | undefined {
  let node = lastMeaningful(root);
  while (node && node.nodeType === Node.ELEMENT_NODE) node = lastMeaningful(node);
  return node?.nodeType === Node.TEXT_NODE ? (node as Text) : undefined;
}

/**
 * Appends `added` to the text node that shows the end of `shown` (the tail's source, drawn in
 * `root`), when that gives what rendering `shown + added` would. False when it does not apply.
 */
export function appendPlainWords(root: Node, shown: string, added: string): boolean {
  if (!PLAIN.test(added)) return false;
  const word = LAST_WORD.exec(shown)?.[0];
  if (!word) return false;
  const before = shown.length - word.length;
  if (before > 0 && !/\s/.test(shown[before - 1]!)) return false;
  if (DEFINITION.test(shown)) return false;
  const text = lastText(root);
  if (!text?.data.endsWith(word)) return false;
  text.appendData(added);
  return true;
}

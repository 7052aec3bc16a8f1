// A table streamed into the open tail grows a row at a time. Rendering the whole table again for
// each row made its cost grow with the table (marked, DOMPurify and the morph went over every row
// so far); now only the new lines are rendered, under the table's own head (a row's cells depend
// on nothing else: the head gives their columns and alignment), and their rows are appended to
// the table shown. A line that is not a row (a heading, a quote) renders as more than a table, and
// the tail is then rendered whole as before.
import { renderMarkdown } from './markdown';

/** The table that is all `parent` shows (whitespace between elements aside). */
function onlyTable(parent: Node): HTMLTableElement | undefined {
  const first = parent.firstChild;
  if (!(first instanceof HTMLTableElement)) return undefined;
  for (let n = first.nextSibling; n; n = n.nextSibling) if (n.nodeType !== Node.TEXT_NODE || n.nodeValue!.trim()) return undefined;
  return first;
}

/**
 * `root` shows the table whose source is `was` (its head, its delimiter row, then rows); `shown`
 * is `was` and whole lines more. Appends the rows those lines make to the table shown; false when
 * the lines are not only rows, or the table shown has no rows to add to yet.
 */
export function appendTableRows(root: Node, was: string, shown: string): boolean {
  const body = onlyTable(root)?.tBodies[0];
  if (!body) return false;
  const headEnd = shown.indexOf('\n', shown.indexOf('\n') + 1) + 1;
  const rows = onlyTable(renderMarkdown(shown.slice(0, headEnd) + shown.slice(was.length), false))?.tBodies[0];
  if (!rows) return false;
  body.append(...Array.from(rows.childNodes));
  return true;
}

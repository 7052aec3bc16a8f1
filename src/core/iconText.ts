/**
 * Text for places where VS Code reads `$(name)` as an icon (a status bar item's text): a name
 * from the settings or from a gateway shows as written, not as an icon. The pattern is VS Code's
 * own (`escapeIcons` in its iconLabels), so exactly what it would draw is escaped.
 */
export function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\([a-z0-9-]+?(?:~[a-z0-9-]*?)?\)/gi, (match: string, escaped?: string) => (escaped ? match : `\\${match}`));
}

// The chat view's Content-Security-Policy, in one place so the host and the webview tests use the
// same one: nothing by default, scripts only with the page's nonce, styles and the codicon font
// only from the extension, images only as data: URIs (attached images' thumbnails; model output
// never produces an <img>), and no network at all (`connect-src 'none'`).
export function webviewCsp(options: { cspSource: string; nonce: string }): string {
  const { cspSource, nonce } = options;
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    'img-src data:',
    "connect-src 'none'",
    // Stryker disable next-line StringLiteral: without it frame-src falls back to default-src 'none', which says the same
    "frame-src 'none'",
    // Stryker disable next-line StringLiteral: without it media-src falls back to default-src 'none', which says the same
    "media-src 'none'",
    // Stryker disable next-line StringLiteral: without it object-src falls back to default-src 'none', which says the same
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

// PLACEHOLDER: the chat webview bundle (issue 5).
export {};

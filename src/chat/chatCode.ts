// The chat itself (its view's messages, the open conversation, the stored ones, attachments,
// mentions, history): activation does not need it, so the production build puts it in a bundle
// of its own, dist/chat.js (esbuild.mjs), that ChatFeature loads when the view opens, a chat
// command runs or another feature sends a message.
export { ChatCore } from './chatCore';

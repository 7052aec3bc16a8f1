// Listing and reading @-mentions (files, folders, symbols, problems, the terminal, git):
// activation does not need it, so the production build puts it in a bundle of its own,
// dist/mentions.js (esbuild.mjs), loaded on the first `@`, drop or folder listing
// (./mentionLoader.ts).
export { MentionCandidates } from './mentionCandidates';
export { MentionReaders } from './mentionReaders';
export { listFolder, listWorkspace } from './workspaceListing';

// What the gateway profile commands do (add, edit, test, remove, export, import, approve):
// activation does not need it, so the production build puts it in a bundle of its own,
// dist/profiles.js (esbuild.mjs), that AuthFeature loads on the first profile command.
export { ProfileCommands } from './profileCommands';

// Image and video generation (their dialogs, requests and downloads): activation does not need
// them, so the production build puts them in a bundle of their own, dist/media.js (esbuild.mjs),
// that MediaFeature loads on the first generation.
export { ImageGeneration } from './imageGeneration';
export { VideoGeneration } from './videoGeneration';

// Image and video generation (their dialogs, requests and downloads): activation does not need
// them, so the production build puts them in a bundle of their own, dist/media.js (esbuild.mjs),
// that MediaFeature loads on the first generation (or the first stored video task to resume).
export { ImageGeneration } from './imageGeneration';
export { VideoGeneration } from './videoGeneration';
export { VideoTasks } from './videoTasks';
export { MAX_DOWNLOAD_BYTES } from '../core/media/download';

// The model quick pick (favorites, recent, each profile's providers): activation does not need
// it, so the production build puts it in a bundle of its own, dist/modelPicker.js (esbuild.mjs),
// that ModelsFeature loads on the first "Select Model".
export { SelectModelCommand } from './selectModelCommand';

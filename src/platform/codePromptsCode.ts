// The prompt and test-file planning code a code task runs and activation does not need: the
// production build puts it in a bundle of its own, dist/codePrompts.js (esbuild.mjs), that
// CodePreparation loads on the first code task.
export { fitPrompt } from '../core/edits/budget';
export { buildCodeRequest, orderDiagnostics } from '../core/prompts/codeTasks';
export { detectTestFramework, planTestFile, relativeImport, testGlob, testPathCandidates } from '../core/prompts/testPlan';

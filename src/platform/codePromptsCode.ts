// The prompt and test-file planning code a code task runs, loaded by CodePreparation on the first
// code task. Activation does not need it: it ships in the bundles of the code commands and of
// @tokenhub (esbuild.mjs), which load on first use themselves.
export { fitPrompt } from '../core/edits/budget';
export { buildCodeRequest, orderDiagnostics } from '../core/prompts/codeTasks';
export { detectTestFramework, planTestFile, relativeImport, testGlob, testPathCandidates } from '../core/prompts/testPlan';

// The code an agent task runs and activation does not need (the tool runner, the command policy,
// the loop): the production build puts it in a bundle of its own, dist/agent.js (esbuild.mjs),
// that AgentFeature loads on the first task.
export { runAgentTask } from '../core/agent/loop';
export { parseToolArguments } from '../core/agent/toolArgs';
export { toolByName } from '../core/agent/tools';
export { AgentTask } from './agentTask';
export { runTool, showChange } from './toolRunner';
export { resolveToolPath } from './workspacePaths';

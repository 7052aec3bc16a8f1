// The workspace tools the agent offers the model: names, descriptions and argument schemas (in
// English, for the model), and what kind of action each is, which decides how it is approved and
// scheduled (reads may run together; writes and commands one at a time, each reviewed).
import type { ToolDefinition } from '../api/types';

export type ToolKind = 'read' | 'write' | 'run';

export interface WorkspaceTool {
  name: string;
  kind: ToolKind;
  description: string;
  parameters: Record<string, unknown>;
}

const path = { type: 'string', description: 'A path relative to the workspace folder (in a multi-root workspace, starting with the folder name).' };

export const WORKSPACE_TOOLS: readonly WorkspaceTool[] = [
  {
    name: 'read_file',
    kind: 'read',
    description:
      'Read a text file of the workspace, with line numbers. Long files come in pages: the result says which lines it holds and how to ask for the next page. Reading secrets (.env, keys, credentials) needs the user\'s approval.',
    parameters: {
      type: 'object',
      properties: {
        path,
        startLine: { type: 'integer', minimum: 1, description: 'First line to read (1-based). Default 1.' },
        endLine: { type: 'integer', minimum: 1, description: 'Last line to read (inclusive). Default: one page.' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'list_directory',
    kind: 'read',
    description: 'List the files and folders of a workspace folder (folders end with /). Use "." for the workspace root.',
    parameters: { type: 'object', properties: { path }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'find_files',
    kind: 'read',
    description: 'Find files by glob pattern (for example "src/**/*.ts"), respecting files.exclude, search.exclude and .gitignore. The result is capped and says so.',
    parameters: {
      type: 'object',
      properties: { glob: { type: 'string' }, maxResults: { type: 'integer', minimum: 1, maximum: 1000 } },
      required: ['glob'],
      additionalProperties: false,
    },
  },
  {
    name: 'search_text',
    kind: 'read',
    description:
      'Search the text of the workspace files (ripgrep), as a literal string or a regular expression, optionally only in files matching a glob. Returns path:line: text for each match; the result is capped and says so.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string' },
        isRegex: { type: 'boolean', description: 'Treat query as a regular expression. Default false.' },
        caseSensitive: { type: 'boolean', description: 'Default false.' },
        glob: { type: 'string', description: 'Only search files matching this glob.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 500 },
      },
      required: ['query'],
      additionalProperties: false,
    },
  },
  {
    name: 'document_symbols',
    kind: 'read',
    description: 'The symbols (classes, functions, methods, variables) of a file, with their line ranges, from the language extension.',
    parameters: { type: 'object', properties: { path }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'workspace_symbols',
    kind: 'read',
    description: 'Find symbols by name across the workspace, from the language extensions.',
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'], additionalProperties: false },
  },
  {
    name: 'get_problems',
    kind: 'read',
    description: 'The errors and warnings of the Problems list, of one file or of the whole workspace.',
    parameters: { type: 'object', properties: { path: { ...path, description: 'Only this file. Default: the whole workspace.' } }, additionalProperties: false },
  },
  {
    name: 'git_changes',
    kind: 'read',
    description: 'The uncommitted changes of the workspace repository, as a unified diff (staged, unstaged, or both).',
    parameters: {
      type: 'object',
      properties: { which: { type: 'string', enum: ['staged', 'unstaged', 'all'], description: 'Default all.' } },
      additionalProperties: false,
    },
  },
  {
    name: 'edit_file',
    kind: 'write',
    description:
      'Change a file by exact search/replace blocks. Each search text must occur exactly once in the file (include enough surrounding lines to make it unique); otherwise nothing is written and the error says why. The user reviews every change.',
    parameters: {
      type: 'object',
      properties: {
        path,
        edits: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { search: { type: 'string', description: 'Exact text to find, whitespace included.' }, replace: { type: 'string' } },
            required: ['search', 'replace'],
            additionalProperties: false,
          },
        },
      },
      required: ['path', 'edits'],
      additionalProperties: false,
    },
  },
  {
    name: 'create_file',
    kind: 'write',
    description: 'Create a new file with the given content (fails if the file exists: edit it instead). The user reviews it.',
    parameters: { type: 'object', properties: { path, content: { type: 'string' } }, required: ['path', 'content'], additionalProperties: false },
  },
  {
    name: 'rename_file',
    kind: 'write',
    description: 'Rename or move a file inside the workspace. The user reviews it.',
    parameters: { type: 'object', properties: { from: path, to: path }, required: ['from', 'to'], additionalProperties: false },
  },
  {
    name: 'delete_file',
    kind: 'write',
    description: 'Delete a file of the workspace. The user reviews it.',
    parameters: { type: 'object', properties: { path }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'run_command',
    kind: 'run',
    description:
      'Run a shell command in a VS Code terminal in the workspace and return its exit code and output (cut to the end when long; the full output stays in the terminal). The user approves each command unless it is on their allow-list. Use it to build, test, lint or inspect; never to delete files outside the workspace.',
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string' },
        cwd: { ...path, description: 'Working directory, inside the workspace. Default: the workspace root.' },
        timeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, description: 'Stop the command after this long. Default 120.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
  },
];

export function toolByName(name: string): WorkspaceTool | undefined {
  return WORKSPACE_TOOLS.find((t) => t.name === name);
}

/** The tools as the request's `tools` field. */
export function toolDefinitions(tools: readonly WorkspaceTool[] = WORKSPACE_TOOLS): ToolDefinition[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

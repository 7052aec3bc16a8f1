// A tool call's arguments, checked before anything runs. Models send malformed JSON, misspelt
// argument names, numbers as strings and tools that do not exist; each gets back an error that
// names the problem precisely, so the model can correct itself and the task goes on.
// The schemas are the subset tools.ts uses: object (properties, required, additionalProperties:
// false), string (enum, minLength, maxLength), integer and number (minimum, maximum), boolean,
// array (items, minItems, maxItems).
import type { WorkspaceTool } from './tools';
import { WORKSPACE_TOOLS } from './tools';

export type ParsedArguments = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

type Schema = Record<string, unknown>;

/** At most this many problems are listed; the model fixes them and tries again. */
const MAX_ERRORS = 5;

function own(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : 'a number too large to use';
  return String(v); // true or false: JSON has nothing else
}

function typeName(t: unknown): string {
  if (t === 'integer') return 'an integer';
  if (t === 'array' || t === 'object') return `an ${t}`;
  return `a ${String(t)}`;
}

/** A short signature of a schema, such as `{path: string, startLine?: integer ≥ 1}`. */
export function signature(schema: Schema): string {
  const t = schema.type;
  if (t === 'object') {
    const props = isObject(schema.properties) ? schema.properties : {};
    const required = (k: string) => Array.isArray(schema.required) && schema.required.includes(k);
    const fields = Object.keys(props).map((k) => `${k}${required(k) ? '' : '?'}: ${signature(isObject(props[k]) ? props[k] : {})}`);
    return `{${fields.join(', ')}}`;
  }
  if (t === 'array') return `${signature(isObject(schema.items) ? schema.items : {})}[]`;
  if (Array.isArray(schema.enum)) return schema.enum.map((e) => JSON.stringify(e)).join(' | ');
  let s = typeof t === 'string' ? t : 'any';
  if (typeof schema.minimum === 'number') s += ` ≥ ${schema.minimum}`;
  if (typeof schema.maximum === 'number') s += ` ≤ ${schema.maximum}`;
  return s;
}

/** Checks `value` against `schema`, adding a sentence per problem to `errors`. */
function check(value: unknown, schema: Schema, path: string, errors: string[]): void {
  const t = schema.type;
  const typeOk =
    t === undefined ||
    (t === 'object' && isObject(value)) ||
    (t === 'array' && Array.isArray(value)) ||
    (t === 'string' && typeof value === 'string') ||
    (t === 'boolean' && typeof value === 'boolean') ||
    (t === 'integer' && Number.isInteger(value)) ||
    (t === 'number' && Number.isFinite(value));
  if (!typeOk) {
    errors.push(`${path} must be ${typeName(t)}, not ${describe(value)}.`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${path} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${describe(value)}.`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path} must be at least ${schema.minimum}, not ${value}.`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path} must be at most ${schema.maximum}, not ${value}.`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${path} must be at least ${schema.minLength} characters long.`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${path} must be at most ${schema.maxLength} characters long.`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path} must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}, not ${value.length}.`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${path} must have at most ${schema.maxItems} items, not ${value.length}.`);
    if (isObject(schema.items)) {
      for (let i = 0; i < value.length; i++) check(value[i], schema.items, `${path}[${i}]`, errors);
    }
  }
  if (isObject(value)) checkObject(value, schema, path, errors);
}

function checkObject(value: Record<string, unknown>, schema: Schema, path: string, errors: string[]): void {
  const props = isObject(schema.properties) ? schema.properties : {};
  const prefix = path === '' ? '' : `${path}.`;
  const required: unknown[] = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) {
    if (!own(value, String(name))) errors.push(`${prefix}${String(name)} is required.`);
  }
  const known = Object.keys(props);
  const of = path === '' ? '' : ` of ${path}`;
  const listed = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  for (const key of Object.keys(value)) {
    if (own(props, key) && isObject(props[key])) {
      check(value[key], props[key], `${prefix}${key}`, errors);
    } else if (schema.additionalProperties === false) {
      errors.push(`${JSON.stringify(key)} is not an argument${of}${listed}.`);
    }
  }
}

/**
 * Parses and checks the JSON arguments of a call to the tool `name`. An empty string counts as
 * `{}` (some models send it for tools without required arguments).
 */
export function parseToolArguments(name: string, json: string, tools: readonly WorkspaceTool[] = WORKSPACE_TOOLS): ParsedArguments {
  const list = Array.isArray(tools) ? tools : WORKSPACE_TOOLS;
  const tool = list.find((t) => t.name === name);
  if (!tool) {
    const shown = typeof name === 'string' ? JSON.stringify(name.length > 60 ? name.slice(0, 60) + '…' : name) : 'without a name';
    return { ok: false, error: `There is no tool ${shown}. The tools are: ${list.map((t) => t.name).join(', ')}.` };
  }
  const text = typeof json === 'string' ? json : '';
  let value: unknown;
  if (text.trim() === '') {
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { ok: false, error: `The arguments of ${tool.name} are not valid JSON (${why}). Send one JSON object: ${signature(tool.parameters)}.` };
    }
  }
  if (!isObject(value)) {
    return { ok: false, error: `The arguments of ${tool.name} must be a JSON object, not ${describe(value)}: ${signature(tool.parameters)}.` };
  }
  const errors: string[] = [];
  check(value, tool.parameters, '', errors);
  if (errors.length > 0) {
    return { ok: false, error: `Invalid arguments for ${tool.name}: ${errors.slice(0, MAX_ERRORS).join(' ')} Expected: ${signature(tool.parameters)}.` };
  }
  return { ok: true, args: value };
}

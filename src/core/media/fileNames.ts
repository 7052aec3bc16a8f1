// Names for generated files: readable (date and the prompt's first words, whole words only), safe
// on every file system, and never the name of a file that already exists.
import { cutAtWord } from '../shorten';

const MAX_SLUG = 40;
// Names Windows refuses whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** The prompt's first words as lowercase ASCII words joined by '-' (empty prompt: 'generation'). */
export function slugify(prompt: string): string {
  const words = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const slug = cutAtWord(words, MAX_SLUG, '-');
  return !slug || RESERVED.test(slug) ? 'generation' : slug;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `20261122-041502-a-red-fox` (local time, so the names sort in creation order). */
export function baseName(prompt: string, date: Date): string {
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `${stamp}-${slugify(prompt)}`;
}

/** `base.ext`, then `base-2.ext`, `base-3.ext`... */
export function* candidateNames(base: string, ext: string): Generator<string> {
  yield `${base}.${ext}`;
  for (let i = 2; ; i++) yield `${base}-${i}.${ext}`;
}

/**
 * The first candidate name for which `exists` says no. Callers still create the file with a
 * no-overwrite rename, so a file that appears between the check and the rename is not replaced.
 */
export async function uniqueName(base: string, ext: string, exists: (name: string) => Promise<boolean> | boolean, maxTries = 1000): Promise<string> {
  let tries = 0;
  for (const name of candidateNames(base, ext)) {
    if (!(await exists(name))) return name;
    if (++tries >= maxTries) break;
  }
  throw new Error(`no free file name for ${base}.${ext}`);
}

/** A hidden temporary name beside the final one; renamed into place only when complete. */
export function tempName(finalName: string, random: string): string {
  return `.${finalName}.${random}.part`;
}

/**
 * Validates the media-folder setting: a relative path inside the workspace folder. Absolute
 * paths and `..` segments fall back to the default, so a setting cannot write outside it.
 */
export function safeRelativeFolder(setting: string | undefined, fallback: string): string[] {
  const raw = (setting ?? '').trim().replace(/\\/g, '/');
  if (!raw || raw.startsWith('/') || /^[a-z]:/i.test(raw)) return fallback.split('/');
  const parts = raw.split('/').filter((p) => p && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return fallback.split('/');
  return parts;
}

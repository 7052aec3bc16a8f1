import type * as MentionCodeModule from './mentionCode';

type MentionCode = typeof MentionCodeModule;
let mentionCode: MentionCode | undefined;

/** @-mention code, loaded on the first `@`, drop or folder listing, not at activation (./mentionCode.ts). */
export function loadMentionCode(): MentionCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (mentionCode ??= require('./mentionCode') as MentionCode);
}

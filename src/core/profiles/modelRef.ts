// A model of one gateway profile: `{ profile, model }`. Model ids alone are ambiguous once there
// are several gateways (`gpt-5` on TokenHub and on Tokenhot are two models with two keys and two
// bills), so everything that remembers a model (the settings, a conversation, a code command, the
// completion setting, VS Code's chat) remembers its profile too.
//
// The string form, for settings and other places that hold one string:
//   `anthropic/claude-sonnet-4-6`   the default profile's model (what every earlier build stored)
//   `tokenhot|gpt-5`                Tokenhot's `gpt-5`
// Model ids contain `/` (`openai/gpt-4.1`) and `:` (`llama3:8b`), never `|`; profile ids are
// lower-case letters, digits and dashes. So a string is a reference to another profile only when
// what comes before its first `|` is a profile id, and a bare id always means the default profile.

/** The profile behind `tokenhub.baseUrl` and the key every earlier build stored. */
export const DEFAULT_PROFILE_ID = 'tokenhub';

export interface ModelRef {
  /** A profile id (`tokenhub`, `tokenhot`, `local-ollama`). */
  readonly profile: string;
  /** The model id as that profile's gateway lists it. */
  readonly model: string;
}

export const REF_SEPARATOR = '|';

const PROFILE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Whether `value` has the shape of a profile id. */
export function isProfileId(value: unknown): value is string {
  return typeof value === 'string' && PROFILE_ID.test(value);
}

/** The string form: the bare id for the default profile, `profile|model` for any other. */
export function formatModelRef(ref: ModelRef): string {
  return ref.profile === DEFAULT_PROFILE_ID ? ref.model : `${ref.profile}${REF_SEPARATOR}${ref.model}`;
}

/**
 * A reference from a setting, a stored file or a command argument: the string form, or an object
 * `{ profile, model }` (`modelId` is accepted for `model`). Undefined for anything else, and for
 * an empty model. A missing or malformed profile in an object means the default profile.
 */
export function parseModelRef(value: unknown): ModelRef | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text) return undefined;
    const cut = text.indexOf(REF_SEPARATOR);
    if (cut > 0) {
      const profile = text.slice(0, cut);
      const model = text.slice(cut + 1).trim();
      if (isProfileId(profile)) return model ? { profile, model } : undefined;
    }
    return { profile: DEFAULT_PROFILE_ID, model: text };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const raw = typeof o.model === 'string' ? o.model : typeof o.modelId === 'string' ? o.modelId : typeof o.id === 'string' ? o.id : undefined;
    const model = raw?.trim();
    if (!model) return undefined;
    const profile = typeof o.profile === 'string' && isProfileId(o.profile.trim()) ? o.profile.trim() : undefined;
    // An object without a profile may still carry the string form in its model (`{ id: 'tokenhot|gpt-5' }`).
    return profile ? { profile, model } : parseModelRef(model);
  }
  return undefined;
}

export function sameRef(a: ModelRef | undefined, b: ModelRef | undefined): boolean {
  return !!a && !!b && a.profile === b.profile && a.model === b.model;
}

/** A conversation or record that names no profile was made before profiles existed: the default one. */
export function profileOrDefault(profile: string | undefined): string {
  return profile && isProfileId(profile) ? profile : DEFAULT_PROFILE_ID;
}

// Reads an extension's activation out of the performance marks of VS Code's extension host
// (`globalThis.MonacoPerformanceMarks.getMarks()` there). The host marks, per extension id:
//   code/extHost/willLoadExtensionCode/<id>   just before it `require`s the main file
//   code/extHost/didLoadExtensionCode/<id>    when that require returned
//   code/extHost/willActivateExtension/<id>   just before it calls `activate`
//   code/extHost/didActivateExtension/<id>    when the promise `activate` returned has resolved
// Marks in the Node extension host are `Date.now()` values: whole milliseconds.

export interface PerfMark {
  readonly name: string;
  readonly startTime: number;
}

export interface ActivationSpan {
  /** Load of the main file to the end of `activate`. */
  readonly totalMs: number;
  /** The `require` of the main file. */
  readonly loadMs: number;
  /** The call of `activate` to the end of the promise it returned. */
  readonly activateMs: number;
}

const STEPS = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'] as const;

/** The activation of extension `id` (publisher.name, any case) from the host's marks; throws saying which mark is missing. */
export function activationSpan(marks: readonly PerfMark[], id: string): ActivationSpan {
  const wanted = id.toLowerCase();
  const at = (step: (typeof STEPS)[number]): number => {
    // An extension is activated once per host; should a mark repeat, the first one counts.
    const mark = marks.find((m) => m.name.toLowerCase() === `code/exthost/${step.toLowerCase()}/${wanted}`);
    if (!mark || !Number.isFinite(mark.startTime)) {
      throw new Error(`the extension host has no mark code/extHost/${step}/${id}: ${step === 'willLoadExtensionCode' ? 'the extension was not installed or not activated' : 'its activation failed or did not finish'}`);
    }
    return mark.startTime;
  };
  const [willLoad, didLoad, willActivate, didActivate] = STEPS.map(at) as [number, number, number, number];
  if (!(willLoad <= didLoad && didLoad <= willActivate && willActivate <= didActivate)) {
    throw new Error(`the activation marks of ${id} are out of order: ${[willLoad, didLoad, willActivate, didActivate].join(', ')}`);
  }
  return { totalMs: didActivate - willLoad, loadMs: didLoad - willLoad, activateMs: didActivate - willActivate };
}

/** Median (the upper one of an even count) and the range of a list of numbers. */
export function spread(xs: readonly number[]): { median: number; min: number; max: number } {
  if (xs.length === 0) throw new Error('no values');
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, min: s[0]!, max: s[s.length - 1]! };
}

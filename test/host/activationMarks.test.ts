// The real-host activation bench reads its figures from the extension host's performance marks:
// the spans come from the right marks of the right extension, and a missing mark is an error.
import * as assert from 'node:assert/strict';
import { activationSpan, spread } from './activationMarks';

const ID = 'tokenhub.tokenhub-vscode';

function marksOf(id: string, willLoad: number, didLoad: number, willActivate: number, didActivate: number) {
  return [
    { name: `code/extHost/willLoadExtensionCode/${id}`, startTime: willLoad },
    { name: `code/extHost/didLoadExtensionCode/${id}`, startTime: didLoad },
    { name: `code/extHost/willActivateExtension/${id}`, startTime: willActivate },
    { name: `code/extHost/didActivateExtension/${id}`, startTime: didActivate },
  ];
}

describe('activation marks of the real extension host', () => {
  it('measures from the load of the main file to the end of activate, with load and activate apart', () => {
    const marks = [
      { name: 'code/timeOrigin', startTime: 1000 },
      ...marksOf('vscode.git', 1005, 1050, 1051, 1200),
      ...marksOf(ID, 2000, 2040, 2043, 2071),
    ];
    assert.deepEqual(activationSpan(marks, ID), { totalMs: 71, loadMs: 40, activateMs: 28 });
  });

  it('matches the id in any case, as VS Code treats extension ids', () => {
    assert.equal(activationSpan(marksOf('TokenHub.TokenHub-VSCode', 10, 12, 12, 15), ID).totalMs, 5);
  });

  it('says which mark is missing when the extension never finished activating', () => {
    const marks = marksOf(ID, 1, 2, 3, 4).slice(0, 3);
    assert.throws(() => activationSpan(marks, ID), /didActivateExtension\/tokenhub\.tokenhub-vscode: its activation failed/);
  });

  it('does not take another extension’s marks for the one asked about', () => {
    assert.throws(() => activationSpan(marksOf('tokenhub.tokenhub-vscode-empty', 1, 2, 3, 4), ID), /not installed or not activated/);
  });

  it('rejects marks out of order', () => {
    assert.throws(() => activationSpan(marksOf(ID, 10, 5, 12, 15), ID), /out of order/);
  });

  it('gives the median and range of starts', () => {
    assert.deepEqual(spread([9, 3, 7, 5, 4]), { median: 5, min: 3, max: 9 });
    assert.throws(() => spread([]), /no values/);
  });
});

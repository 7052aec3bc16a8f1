// The main bundle's checks (run on the built .vsix by the package layer, test/host/packageCheck.ts):
// each rule is shown failing on a planted bundle, and passing on one that keeps to it.
import * as assert from 'node:assert/strict';
import { ACTIVATION_BUDGET_BYTES, activationBundleProblems, lazyBundles } from './activationBundle';

const lean = 'var a=require("vscode");function n(){return require("./network.js")}function m(){return require(\'./media.js\')}';
const all = () => true;

describe('activation bundle: small, no undici, its lazy bundles shipped', () => {
  it('lists the sibling bundles the main bundle requires, not vscode or node modules', () => {
    assert.deepEqual(lazyBundles(`${lean};require("node:fs");require("./network.js")`), ['media.js', 'network.js']);
  });

  it('passes a small bundle whose lazy bundles ship', () => {
    assert.deepEqual(activationBundleProblems(lean, lean.length, all), []);
  });

  it('fails a bundle over the budget', () => {
    const problems = activationBundleProblems(lean, ACTIVATION_BUDGET_BYTES + 1, all);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /over the 200 kB/);
  });

  it('fails a bundle that holds undici, minified or not', () => {
    assert.match(activationBundleProblems(`${lean};throw new E("UND_ERR_CONNECT_TIMEOUT")`, 100, all).join('\n'), /holds undici \(UND_ERR_CONNECT_TIMEOUT\)/);
    assert.match(activationBundleProblems(`${lean};// node_modules/undici/index.js`, 100, all).join('\n'), /holds undici/);
  });

  it('fails a bundle that requires a sibling bundle that is not packaged', () => {
    assert.deepEqual(activationBundleProblems(lean, 100, (name) => name !== 'media.js'), ['the main bundle requires ./media.js, which is not packaged']);
  });
});

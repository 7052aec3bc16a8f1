// The summary repeats each failed layer's failure details, so a CI log cut to its tail still
// names the failing test and its error.
import * as assert from 'node:assert/strict';
import { failureDetails, summaryCounts } from './runAll';

describe('test runner: failures repeated above the summary', () => {
  it("takes mocha's failing block from the first '<n> failing' line", () => {
    const out = ['  ✔ a', '  1) b', '', '  1 passing (2s)', '  1 failing', '', '  1) suite', '       b:', '     AssertionError: x', '      at t.ts:3:4', ''].join('\n');
    assert.equal(failureDetails(out), ['  1 failing', '', '  1) suite', '       b:', '     AssertionError: x', '      at t.ts:3:4'].join('\n'));
  });

  it("takes the launchers' numbered details ('  1) full title:')", () => {
    const out = ['    ✔ ok', '    1) suite b', '', '  1) suite b:', '     Error: boom', '', '3 passed, 1 failed'].join('\n');
    assert.equal(failureDetails(out), ['  1) suite b:', '     Error: boom', '', '3 passed, 1 failed'].join('\n'));
  });

  it('keeps a crashed layer’s last lines, and cuts long details with a count of what is left', () => {
    const crash = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    assert.equal(failureDetails(crash).split('\n')[0], 'line 10');
    const long = ['  1 failing', ...Array.from({ length: 100 }, (_, i) => `detail ${i}`)].join('\n');
    const cut = failureDetails(long, 10).split('\n');
    assert.equal(cut.length, 11);
    assert.match(cut[10]!, /and 91 more line\(s\)/);
  });
});

describe('test runner: reading a launcher’s counts', () => {
  it('takes the last summary line even when the host logs after it', () => {
    const out = ['  ✔ a', '6 passed, 0 failed', '[host] code-server exited', ''].join('\n');
    assert.deepEqual(summaryCounts(out)?.slice(1, 4), ['6', '0', undefined]);
    assert.deepEqual(summaryCounts('1 passed, 1 failed\nmore\n5 passed, 2 failed, 1 skipped\n')?.slice(1, 4), ['5', '2', '1']);
    assert.equal(summaryCounts('no summary here'), null);
  });
});

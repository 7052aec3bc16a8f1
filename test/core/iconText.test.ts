import * as assert from 'node:assert/strict';
import { escapeIcons } from '../../src/core/iconText';

describe('core/iconText: names shown where VS Code draws $(icons)', () => {
  it('escapes what VS Code would draw as an icon, with or without a modifier, in any case', () => {
    assert.equal(escapeIcons('Gateway $(zap) B'), 'Gateway \\$(zap) B');
    assert.equal(escapeIcons('$(loading~spin)$(Cloud-Offline)'), '\\$(loading~spin)\\$(Cloud-Offline)');
  });

  it('leaves alone what is already escaped and what is no icon', () => {
    assert.equal(escapeIcons('a \\$(zap) b'), 'a \\$(zap) b');
    for (const s of ['Gateway B', '$5 (cheap)', '$( zap)', '$(zap', '$()', 'price $(1.5)']) assert.equal(escapeIcons(s), s);
  });
});

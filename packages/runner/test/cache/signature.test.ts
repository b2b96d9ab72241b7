import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signArtifact, verifyArtifact } from '../../src/cache/signature.js';

// The shared vector (copied from /work/shared/vectors): an artifact body turbo 2.11.11 uploaded, with the tags it sent (see its README).
const body = readFileSync(new URL('./vectors/remote-cache-signature-v2/body.tar.zst', import.meta.url));
const KEY = 'sigkey123';
const HASH = '9e00bd6c0308f409';
const ROWS = [
  { teamId: '', tag: 'x2br+p0D+MMQkk4NROqR1BpgduqA/R3egaFhOkHbsG0=' },
  { teamId: 'team_abc', tag: '9lmRt47RoDOGtngulXSX0ZEumIBS1S+Xzb8Gzl4D1cI=' },
];

describe('artifact signatures (Turborepo v2)', () => {
  it('the vector body is the one the README describes', () => {
    expect(body.length).toBe(380);
  });

  it.each(ROWS)('signs like turbo for teamId $teamId', ({ teamId, tag }) => {
    expect(signArtifact(KEY, HASH, teamId, body)).toBe(tag);
    expect(verifyArtifact(KEY, HASH, teamId, body, tag)).toBe(true);
  });

  it('rejects a tag under another team, hash, key or body', () => {
    const { tag } = ROWS[1]!;
    expect(verifyArtifact(KEY, HASH, '', body, tag)).toBe(false);
    expect(verifyArtifact(KEY, '9e00bd6c0308f408', 'team_abc', body, tag)).toBe(false);
    expect(verifyArtifact('sigkey124', HASH, 'team_abc', body, tag)).toBe(false);
    const flipped = Buffer.from(body);
    flipped[200] = flipped[200]! ^ 1;
    expect(verifyArtifact(KEY, HASH, 'team_abc', flipped, tag)).toBe(false);
  });

  it('rejects old-scheme (v1) tags, which lacked the length prefixes', () => {
    for (const { teamId } of ROWS) {
      const v1 = createHmac('sha256', KEY).update(HASH).update(teamId).update(body).digest('base64');
      expect(verifyArtifact(KEY, HASH, teamId, body, v1)).toBe(false);
    }
  });

  it('rejects missing and malformed tags without throwing', () => {
    for (const tag of [undefined, null, '', 'not base64 at all!', 'AAAA', ROWS[0]!.tag.slice(0, 20)]) {
      expect(verifyArtifact(KEY, HASH, '', body, tag)).toBe(false);
    }
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RACY_MARGIN_MS, StatCache } from '../../src/hash/stat-cache.js';
import { tempRepo } from './temp-repo.js';

const ID_A = 'a'.repeat(40);
const ID_B = 'b'.repeat(40);
// The files below are written now; a session that "started" later than the racy margin may keep them.
const later = () => Date.now() + RACY_MARGIN_MS + 1000;

describe('StatCache', () => {
  it('round-trips an entry and uses it only while the lstat is unchanged', () => {
    const dir = tempRepo({ 'f.txt': 'one\n' }, { git: false });
    const file = dir.abs('cache');
    const st = fs.lstatSync(dir.abs('f.txt'));
    const session = StatCache.load(file, 'sha1', later());
    session.record('f.txt', st, ID_A, 0o100644);
    expect(session.save('replace')).toBe(true);

    const next = StatCache.load(file, 'sha1', later());
    expect(next.lookup('f.txt', fs.lstatSync(dir.abs('f.txt')), 0o100644)?.hash).toBe(ID_A);
    expect(next.lookup('f.txt', st, 0o100755)).toBeUndefined(); // other mode
    expect(next.save('replace')).toBe(false); // nothing changed: not rewritten
    dir.write('f.txt', 'two\n');
    expect(StatCache.load(file, 'sha1', later()).lookup('f.txt', fs.lstatSync(dir.abs('f.txt')), 0o100644)).toBeUndefined();
  });

  it('does not record a file changed within the racy margin of the session start', () => {
    const dir = tempRepo({ 'f.txt': 'x\n' }, { git: false });
    const session = StatCache.load(dir.abs('cache'), 'sha1', Date.now());
    session.record('f.txt', fs.lstatSync(dir.abs('f.txt')), ID_A, 0o100644);
    expect(session.save('replace')).toBe(false);
    expect(fs.existsSync(dir.abs('cache'))).toBe(false);
  });

  it('replace keeps only what the session used; merge adds to it and drops forgotten keys', () => {
    const dir = tempRepo({ 'a': 'a\n', 'b': 'b\n' }, { git: false });
    const file = dir.abs('cache');
    const first = StatCache.load(file, 'sha1', later());
    first.record('a', fs.lstatSync(dir.abs('a')), ID_A, 0o100644);
    first.record('b', fs.lstatSync(dir.abs('b')), ID_B, 0o100644);
    first.save('replace');

    const merge = StatCache.load(file, 'sha1', later());
    merge.forget('a');
    merge.save('merge');
    const afterMerge = StatCache.load(file, 'sha1', later());
    expect(afterMerge.loadedSize).toBe(1);
    expect(afterMerge.lookup('b', fs.lstatSync(dir.abs('b')), 0o100644)?.hash).toBe(ID_B);
    afterMerge.save('replace'); // used only b: same content, no write
    const replace = StatCache.load(file, 'sha1', later());
    replace.save('replace'); // used nothing
    expect(StatCache.load(file, 'sha1', later()).loadedSize).toBe(0);
  });

  it('ignores a damaged file, a tampered one and one written for another hash algorithm', () => {
    const dir = tempRepo({ 'f.txt': 'x\n' }, { git: false });
    const file = dir.abs('cache');
    const session = StatCache.load(file, 'sha1', later());
    session.record('f.txt', fs.lstatSync(dir.abs('f.txt')), ID_A, 0o100644);
    session.save('replace');
    const text = fs.readFileSync(file, 'utf8');

    expect(StatCache.load(file, 'sha256', later()).loadedSize).toBe(0);
    fs.writeFileSync(file, text.replace(ID_A, ID_B));
    const tampered = StatCache.load(file, 'sha1', later());
    expect([tampered.loadedSize, tampered.wasCorrupt]).toEqual([0, true]);
    fs.writeFileSync(file, text.slice(0, text.length - 10));
    expect(StatCache.load(file, 'sha1', later()).wasCorrupt).toBe(true);
    fs.writeFileSync(file, Buffer.from([0, 1, 2, 255]));
    expect(StatCache.load(file, 'sha1', later()).wasCorrupt).toBe(true);
  });
});

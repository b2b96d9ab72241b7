import { describe, expect, it } from 'vitest';
import { AntError } from '../../src/errors.js';
import { splitRunArguments } from '../../src/up/run-arguments.js';

describe('splitRunArguments (ant up --run)', () => {
  it('splits on blanks like a shell, without expanding anything', () => {
    expect(splitRunArguments('  it:check   --concurrency 2 ')).toEqual(['it:check', '--concurrency', '2']);
    expect(splitRunArguments("it:check --filter 'a b' --x=\"c d\"")).toEqual(['it:check', '--filter', 'a b', '--x=c d']);
    expect(splitRunArguments("'$HOME' \"*\" a\\ b")).toEqual(['$HOME', '*', 'a b']);
    expect(splitRunArguments('"say \\"hi\\"" \'it\'\\\'\'s\'')).toEqual(['say "hi"', "it's"]);
    expect(splitRunArguments("'' x")).toEqual(['', 'x']);
    expect(splitRunArguments('')).toEqual([]);
  });

  it('refuses an unclosed quote, naming the option and how to fix it', () => {
    const error = (() => {
      try {
        splitRunArguments("it:check --filter 'a b");
      } catch (e) {
        return e;
      }
    })() as AntError;
    expect(error).toBeInstanceOf(AntError);
    expect(error.format()).toBe(`--run: the single quote opened in "it:check --filter 'a b" is never closed\nhint: close the quote, e.g. --run "it:check --filter 'a b'"`);
  });
});

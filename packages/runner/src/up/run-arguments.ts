/**
 * `ant up --run "<ant run arguments>"` takes one string; it is split into arguments the way a POSIX
 * shell splits words (nothing is expanded): blanks separate, '…' keeps everything literally,
 * "…" keeps everything but \" and \\, and a backslash outside quotes escapes the next character.
 * So `--run "it:check --filter 'a b'"` passes `a b` as one argument.
 */
import { AntError } from '../errors.js';

export function splitRunArguments(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) {
    throw new AntError('UP_RUN_ARGUMENTS', `the ${quote === "'" ? 'single' : 'double'} quote opened in ${JSON.stringify(text)} is never closed`, {
      field: '--run',
      hint: `close the quote, e.g. --run "it:check --filter 'a b'"`,
    });
  }
  if (inWord) words.push(word);
  return words;
}

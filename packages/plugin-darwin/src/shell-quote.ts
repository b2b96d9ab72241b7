/**
 * POSIX shell quoting, for commands shown to people and for scripts ant runs on the Linux builder
 * through ssh (which always hands its command to the remote user's shell). Pure.
 */

/** Quotes one word for `sh`: bare when it is obviously safe, single-quoted otherwise. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes and joins an argv into one command line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

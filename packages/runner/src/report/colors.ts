/**
 * ANSI colours, off when NO_COLOR is set or the stream is not a TTY (FORCE_COLOR turns them on).
 */
export interface Colors {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const CODES: Record<keyof Colors, [number, number]> = {
  red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22],
};

export function colors(enabled: boolean): Colors {
  const out = {} as Colors;
  for (const [name, [open, close]] of Object.entries(CODES) as [keyof Colors, [number, number]][]) {
    out[name] = enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
  }
  return out;
}

/** Whether to colour a stream, following the NO_COLOR and FORCE_COLOR conventions. */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/**
 * Parses `ant shell [--shell PATH] [--verbose] [-h] [project] [-- command…]`. clipanion cannot
 * tell `ant shell -- go version` (no project) from `ant shell go version`, so the command takes
 * its argv raw and parses it here. Bad argv is an `ANT_USAGE_SHELL` error (exit 2).
 */
import { AntError } from '../errors.js';

/** What `ant shell` was asked for. */
export interface ShellArgv {
  project?: string;
  /** `--shell`: the program to start instead of `$SHELL`. */
  shell?: string;
  verbose: boolean;
  /** `-h` / `--help` before `--`. */
  help: boolean;
  /** After `--`: run this instead of an interactive shell. */
  command?: string[];
}

/** Parses the raw arguments after `ant shell`. */
export function parseShellArgv(args: readonly string[]): ShellArgv {
  const result: ShellArgv = { verbose: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      result.command = args.slice(i + 1);
      if (result.command.length === 0) throw usage('nothing after "--": write ant shell [project] -- <command> [args…]');
      break;
    }
    if (arg === '--verbose') result.verbose = true;
    else if (arg === '-h' || arg === '--help') result.help = true;
    else if (arg === '--shell') {
      const value = args[++i];
      if (value === undefined || value === '--') throw usage('--shell needs a program, e.g. --shell /bin/bash');
      result.shell = value;
    } else if (arg.startsWith('--shell=')) result.shell = arg.slice('--shell='.length);
    else if (arg.startsWith('-')) throw usage(`unknown option ${arg} for ant shell (options: --shell PATH, --verbose)`);
    else if (result.project === undefined) result.project = arg;
    else throw usage(`unexpected argument "${arg}": put the command after "--", e.g. ant shell ${result.project} -- ${args.slice(i).join(' ')}`);
  }
  return result;
}

function usage(message: string): AntError {
  return new AntError('ANT_USAGE_SHELL', message, { hint: 'ant shell [--shell PATH] [project] [-- command args…]; see ant shell --help' });
}

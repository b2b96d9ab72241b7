/**
 * What bin/ant.js tries first for `ant run` and `ant affected`: find the command's receipt, check
 * its stamp (receipt-stamp.ts) and answer from it. Bundled on its own (scripts/bundle.mjs) so that
 * none of the CLI parser, zod, the config loader or the plugins is even read when it answers.
 * ANT_DEBUG=fast-path says which path a command took, why, and when (ms since the process
 * started); ANT_NO_FAST_PATH=1 turns it off.
 *
 * Returns the exit code, or undefined when the full CLI must run the command.
 */
import path from 'node:path';
import { findConfigFile } from '../config/find-config.js';
import type { AffectedReceipt } from './affected-receipt.js';
import { fastAffected } from './fast-affected.js';
import { fastRun } from './fast-run.js';
import { readReceipt, stalenessBesidesTree, type ReceiptStamp } from './receipt-stamp.js';
import type { RunReceipt } from './run-receipt.js';

export interface FastPathIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

const KINDS: Record<string, ReceiptStamp['kind']> = { run: 'run', affected: 'affected' };

export async function tryFastPath(argv: readonly string[], io: FastPathIo): Promise<number | undefined> {
  const kind = KINDS[argv[0]];
  if (kind === undefined || io.env.ANT_NO_FAST_PATH) return undefined;
  const debug = io.env.ANT_DEBUG?.split(',').includes('fast-path') ? (m: string) => void io.stderr.write(`ant fast path: ${m} [${Math.round(performance.now())} ms since start]\n`) : () => undefined;
  try {
    return await answer(kind, argv, io, debug);
  } catch (error) {
    // An optimisation must never be the reason a command fails: the full path decides.
    debug(`gave up: ${(error as Error)?.message ?? String(error)}`);
    return undefined;
  }
}

async function answer(kind: ReceiptStamp['kind'], argv: readonly string[], io: FastPathIo, debug: (m: string) => void): Promise<number | undefined> {
  const configFile = findConfigFile(io.cwd);
  if (configFile === undefined) return undefined;
  const receipt = readReceipt(kind, path.dirname(configFile), argv, io.cwd);
  if (receipt === undefined) return debug('no receipt for this command'), undefined;
  const staleness = stalenessBesidesTree(receipt, argv, io.cwd, configFile, io.env);
  if (staleness !== undefined) return debug(staleness), undefined;
  // The work tree: `ant run` wants it as it was (checked while the outputs are); `ant affected`
  // also survives changes that leave the project structure alone.
  return kind === 'run' ? fastRun(receipt as RunReceipt, io, debug) : fastAffected(receipt as AffectedReceipt, io, debug);
}

/**
 * The `vendor` task: checks a module's `vendorHash` the way Nix's fixed-output derivation does,
 * in a pool worker (hashing the `go mod download` cache instead with `proxyVendor`). It prints
 * Nix's `specified:/got:` message and exits 1 on a mismatch.
 *
 * When vendor/ is also committed (Nix would refuse: "vendor folder exists, please set
 * vendorHash = null"), ant accepts it only if it is byte-for-byte the tree `go mod vendor`
 * produces, since the build then uses it with `-mod=vendor`.
 */
import { join } from 'node:path';
import type { ExecutorContext, ExecutorResult } from '@ant/runner/plugin';
import { narHash } from './nar.js';
import { emptyVendorMessage, mismatchMessage, proxyVendorTree, updateHint, vendorTree } from './vendor-hash.js';

/** Options the plugin puts in the task (JSON, part of the task hash). */
export interface VerifyVendorOptions {
  vendorHash: string;
  /** vendor/ is committed and must equal the generated tree. */
  checkCommitted: boolean;
  /** Hash the module download cache instead of a vendor tree (buildGoModule's proxyVendor). */
  proxyVendor?: boolean;
}

function isOptions(value: unknown): value is VerifyVendorOptions {
  const v = value as Partial<VerifyVendorOptions> | null;
  return typeof v === 'object' && v !== null && typeof v.vendorHash === 'string' && typeof v.checkCommitted === 'boolean';
}

/** Executor entry point (`export: "verifyVendor"`). */
export async function verifyVendor(options: unknown, ctx: ExecutorContext): Promise<ExecutorResult> {
  if (!isOptions(options)) throw new Error(`vendor task of ${ctx.project.name}: bad executor options ${JSON.stringify(options)}`);
  const { name, root, absRoot } = ctx.project;
  const tree = options.proxyVendor === true ? await proxyVendorTree(absRoot, ctx.env, ctx.signal) : await vendorTree(absRoot, ctx.env, ctx.signal);
  for (const line of tree.output.split('\n')) if (line !== '') ctx.log(line);
  if (tree.kind === 'failed') {
    ctx.log(`${options.proxyVendor === true ? 'go mod download' : 'go mod vendor'} failed in ${root} (exit ${tree.exitCode})`);
    return { exitCode: 1 };
  }
  if (tree.kind === 'empty') {
    ctx.log(emptyVendorMessage(root, name, options.proxyVendor === true));
    return { exitCode: 1 };
  }
  if (tree.sri !== options.vendorHash) {
    for (const line of mismatchMessage(root, options.vendorHash, tree.sri, updateHint(name)).split('\n')) ctx.log(line);
    return { exitCode: 1 };
  }
  if (options.checkCommitted && options.proxyVendor !== true) {
    const committed = await narHash(join(absRoot, 'vendor'));
    if (committed !== tree.sri) {
      ctx.log(`committed vendor/ of ${root} is not what go mod vendor produces (${committed}, expected ${tree.sri}).`);
      ctx.log(`hint: run "go mod vendor" in ${root} and commit the result, or delete vendor/ and let ant build from the module cache.`);
      return { exitCode: 1 };
    }
  }
  ctx.log(`vendorHash of ${root} ok: ${tree.sri}`);
  return { exitCode: 0 };
}

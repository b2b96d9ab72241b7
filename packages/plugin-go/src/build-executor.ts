/**
 * The `build` task of a module with a string `vendorHash`: verify the vendor hash, then run the
 * go build command, in one task. Checking inside the build (rather than only through a `vendor`
 * task the build depends on) keeps the guarantee when ant.config.json's `tasks.build.dependsOn`
 * replaces the plugin's own `dependsOn`: a wrong vendorHash can never produce a binary, as with
 * buildGoModule. The check costs one `go mod vendor` per build cache miss; the `vendor` task
 * stays for `ant run vendor` on its own.
 */
import { spawn } from 'node:child_process';
import type { ExecutorContext, ExecutorResult } from '@ant/runner/plugin';
import { verifyVendor, type VerifyVendorOptions } from './vendor-executor.js';

/** Options the plugin puts in the build task (JSON, part of the task hash). */
export interface GoBuildOptions {
  /** The `sh -c` command that builds (see tasks.ts buildCommand). */
  command: string;
  /** The vendor check to pass first. */
  vendor: VerifyVendorOptions;
}

/**
 * Runs `sh -c command` in the project root with the task's env, each output line to the log. The
 * shell leads a process group of its own, so an interrupted run stops `go build` too, not only sh.
 */
export function runShell(command: string, ctx: ExecutorContext): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd: ctx.project.absRoot, env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    if (ctx.signal.aborted) stop();
    else ctx.signal.addEventListener('abort', stop, { once: true });
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) ctx.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => {
      ctx.log(`sh: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      ctx.signal.removeEventListener('abort', stop);
      if (pending !== '') ctx.log(pending);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Executor entry point (`export: "goBuild"`). */
export async function goBuild(options: unknown, ctx: ExecutorContext): Promise<ExecutorResult> {
  const opts = options as Partial<GoBuildOptions> | null;
  if (typeof opts?.command !== 'string' || typeof opts.vendor !== 'object') {
    throw new Error(`build task of ${ctx.project.name}: bad executor options ${JSON.stringify(options)}`);
  }
  const verified = await verifyVendor(opts.vendor, ctx);
  if ((verified.exitCode ?? 0) !== 0) return verified;
  return { exitCode: await runShell(opts.command, ctx) };
}

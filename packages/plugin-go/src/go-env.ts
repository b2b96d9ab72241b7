/**
 * Facts about the host's go toolchain (version, GOBIN), asked once per workspace root and ant
 * invocation. Everything else about the environment is left to the task's own env.
 */
import type { PluginContext } from '@ant/runner/plugin';

/** `go version` output → `1.26.8` (or the output itself when it has an unexpected shape). */
export function parseGoVersion(output: string): string {
  return /\bgo version go(\S+)/.exec(output)?.[1] ?? output.trim();
}

/** `go version` of the host (`undefined` when go is not on PATH). */
export async function goVersion(ctx: PluginContext): Promise<string | undefined> {
  const output = await ctx.toolVersion('go', ['version']);
  return output === undefined ? undefined : parseGoVersion(output);
}

const gobinByRoot = new Map<string, Promise<string | undefined>>();

/** Where `go install` puts binaries: GOBIN, else the first GOPATH entry's `bin`. */
export function goBinDir(ctx: PluginContext): Promise<string | undefined> {
  let cached = gobinByRoot.get(ctx.root);
  if (cached === undefined) {
    cached = ctx.exec('go', ['env', 'GOBIN', 'GOPATH'], { cwd: ctx.root }).then(
      (result) => {
        if (result.exitCode !== 0) return undefined;
        const [gobin = '', gopath = ''] = result.stdout.split('\n');
        if (gobin.trim() !== '') return gobin.trim();
        const first = gopath.trim().split(':')[0];
        return first ? `${first}/bin` : undefined;
      },
      () => undefined,
    );
    gobinByRoot.set(ctx.root, cached);
  }
  return cached;
}

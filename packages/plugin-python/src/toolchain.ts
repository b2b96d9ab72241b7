/**
 * Versions of the tools a Python task's result depends on: uv, ruff and the interpreter uv
 * actually picks for the project (`uv python find`, which honours `.python-version`,
 * `requires-python`, `UV_PYTHON` and an existing `.venv`).
 */
import { join } from 'node:path';
import type { PluginContext, RepoPath } from '@ant/runner/plugin';
import { memo } from './context-memo.js';
import { UV_SET_ENV } from './uv-env.js';

/** `uv --version`, or `missing`. */
export async function uvVersion(ctx: PluginContext): Promise<string> {
  return (await ctx.toolVersion('uv', ['--version']))?.trim() ?? 'missing';
}

/** `ruff --version` of the ruff on PATH, or `missing`. */
export async function ruffVersion(ctx: PluginContext): Promise<string> {
  return (await ctx.toolVersion('ruff', ['--version']))?.trim() ?? 'missing';
}

/**
 * The Python version uv uses in a workspace (e.g. `Python 3.11.7`). Falls back to `python3` on
 * PATH when uv is missing or finds nothing, and says so in the value.
 */
export function pythonVersion(ctx: PluginContext, workspaceRoot: RepoPath): Promise<string> {
  return memo(ctx, `python:${workspaceRoot}`, async () => {
    const found = await ctx.exec('uv', ['python', 'find'], {
      cwd: join(ctx.root, workspaceRoot),
      env: { ...process.env, ...UV_SET_ENV },
      timeoutMs: 30_000,
    }).catch(() => undefined);
    const interpreter = found?.exitCode === 0 ? found.stdout.trim().split('\n').pop() : undefined;
    if (interpreter) {
      const version = await ctx.toolVersion(interpreter, ['--version']);
      if (version) return version.trim();
    }
    const fallback = await ctx.toolVersion('python3', ['--version']);
    return fallback ? `${fallback.trim()} (python3 on PATH; uv python find failed)` : 'missing';
  });
}

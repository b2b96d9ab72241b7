/**
 * The "Extra tools on the path" of the motd: what the plugins report (`tools`, with versions they
 * probed) and the config's `devshell.packages` (repo and project), whose versions come from the
 * tool-version cache — resolved on the devshell's PATH, so tools in GOBIN or node_modules/.bin count.
 */
import { resolveOnPath, type ToolVersionCache } from '../plugin/tool-version-cache.js';
import type { ComposedDevshell } from './compose.js';

/** One tool line; `version` undefined when unknown, `missing` when not on the shell's PATH. */
export interface ToolInfo {
  name: string;
  version?: string;
  missing?: boolean;
}

/** Plugin tools first (in plugin order), then packages; the first mention of a name wins. */
export async function collectTools(shell: ComposedDevshell, versions: ToolVersionCache): Promise<ToolInfo[]> {
  const tools = new Map<string, ToolInfo>();
  for (const { spec } of shell.contributions) {
    for (const tool of spec.tools ?? []) if (!tools.has(tool.name)) tools.set(tool.name, { name: tool.name, version: tool.version });
  }
  const probes = shell.packages
    .filter((name) => !tools.has(name))
    .map(async (name): Promise<ToolInfo> => {
      const binary = resolveOnPath(name, shell.env.PATH ?? '');
      if (!binary) return { name, missing: true };
      // `--version` is the common spelling; `version` (kubectl-style) and `-V` (tmux) follow.
      let text: string | undefined;
      for (const args of [['--version'], ['version'], ['-V']]) if ((text = await versions.get(binary, args)) !== undefined) break;
      return { name, version: text === undefined ? undefined : versionOf(text) };
    });
  for (const info of await Promise.all(probes)) tools.set(info.name, info);
  versions.save();
  return [...tools.values()];
}

/** The first version-looking word of `tool --version` output (`jq-1.7.1` → `1.7.1`, `tmux 3.3a` → `3.3a`), else its first line. */
export function versionOf(text: string): string {
  return /\d+\.\d+(?:\.\d+)?[a-z]?(?:[-+][0-9A-Za-z.]+)?/.exec(text)?.[0] ?? text.split('\n')[0].trim();
}

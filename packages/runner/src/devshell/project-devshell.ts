/**
 * A project's own devshell settings: `services.<name>.devshell = { env: [...], packages: [...] }`
 * in ant.config.json (or a discovering plugin's `fields.devshell`). They apply last, over the
 * repo's entries and the plugins'.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { envEntrySchema } from '../config/schema.js';
import type { EnvEntry, Project } from '../plugin/api.js';

/** The validated `devshell` field of a project. */
export interface ProjectDevshell {
  env: EnvEntry[];
  /** Tools listed in the motd with their version. */
  packages: string[];
}

const schema = z
  .object({
    env: z.array(envEntrySchema).optional(),
    packages: z.array(z.string()).optional(),
  })
  .strict();

/** Reads and validates `project.fields.devshell`; empty when absent. */
export function projectDevshell(project: Project, configFile: string): ProjectDevshell {
  const raw = project.fields.devshell;
  if (raw === undefined) return { env: [], packages: [] };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['services', project.name, 'devshell', ...issue.path].map(String).reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`));
    throw new ConfigError(`${issue.message}`, {
      code: 'ANT_CONFIG_INVALID',
      file: configFile,
      field,
      hint: 'write "devshell": { "env": [{ "name": "X", "value": "1" }], "packages": ["jq"] }; each env entry has exactly one of value, eval, prefix or unset: true',
    });
  }
  return { env: (parsed.data.env ?? []) as EnvEntry[], packages: parsed.data.packages ?? [] };
}

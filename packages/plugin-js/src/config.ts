/**
 * The plugin's section of `ant.config.json` (`"js": {…}`), validated by zod. Every key is optional.
 *
 * ```jsonc
 * "js": {
 *   "runVia": "direct",                  // or "package-manager": `npm run <script>` (slower, exact);
 *                                        // default: direct, or package-manager under Yarn PnP
 *   "persistent": ["dev", "start"],      // scripts that are long-running processes
 *   "ignoreScripts": ["release"]         // scripts that never become tasks
 * }
 * ```
 * A project may override `runVia` with its own field (`services.<name>.runVia`).
 */
import { z } from '@ant/runner/plugin';

/** How a script task is started. */
export type RunVia = 'direct' | 'package-manager';

/** The zod schema of the `js` section. */
export const jsConfigSchema = z
  .object({
    runVia: z.enum(['direct', 'package-manager']).optional(),
    persistent: z.array(z.string()).default(['dev', 'start', 'serve', 'watch']),
    ignoreScripts: z.array(z.string()).default([]),
  })
  .strict();

/** The validated section, defaults applied. */
export type JsConfig = z.output<typeof jsConfigSchema>;

const defaults: JsConfig = jsConfigSchema.parse({});
// The host validates once and passes the same object to every hook: parse it once too.
const resolved = new WeakMap<object, JsConfig>();

/** `ctx.config` → {@link JsConfig}; tolerates a host that passes `undefined` for a missing section. */
export function resolveConfig(value: unknown): JsConfig {
  if (value === undefined || value === null) return defaults;
  if (typeof value === 'object') {
    const hit = resolved.get(value);
    if (hit) return hit;
  }
  const parsed = jsConfigSchema.safeParse(value);
  if (parsed.success) {
    if (typeof value === 'object') resolved.set(value, parsed.data);
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  throw new Error(
    `ant.config.json: js.${issue.path.join('.')}: ${issue.message}.\n` +
      `hint: the "js" section takes runVia ("direct" | "package-manager"), persistent and ignoreScripts (lists of script names).`,
  );
}

/**
 * The effective `runVia` of one project: its own `runVia` field, else the plugin config, else
 * `direct` — except under Yarn Plug'n'Play (`pnp`), where there is no `node_modules/.bin` and only
 * `yarn run` can set up module resolution.
 */
export function runViaOf(fields: Readonly<Record<string, unknown>>, config: JsConfig, projectName: string, pnp = false): RunVia {
  const own = fields.runVia;
  if (own === undefined) return config.runVia ?? (pnp ? 'package-manager' : 'direct');
  if (own === 'direct' || own === 'package-manager') return own;
  throw new Error(
    `ant.config.json: services.${projectName}.runVia: expected "direct" or "package-manager", found ${JSON.stringify(own)}.`,
  );
}

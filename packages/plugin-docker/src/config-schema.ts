/**
 * The shapes plugin-docker reads from `ant.config.json`: its own `docker` section (validated by the
 * host with {@link pluginConfigSchema}) and each service's `services.<name>.docker` field
 * ({@link serviceDockerSchema}), which reaches the plugin as `project.fields.docker`.
 */
import { z } from '@ant/runner/plugin';

/** One piece of content copied into an image layer. */
export const contentSchema = z.strictObject({
  /** A file, a directory or a glob, relative to the project root (`$root/…`: the workspace root). */
  from: z.string().min(1),
  /** Absolute path in the image. A trailing `/`, a directory `from` or a glob put things *into* it. */
  to: z.string().regex(/^\//, 'must be an absolute path in the image, e.g. "/app/"'),
  /** The layer it lands in. Layers are ordered by first use, except `app`, which is always last. */
  layer: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).default('app'),
  /** When true, a `from` that matches nothing is skipped instead of failing the build. */
  optional: z.boolean().default(false),
});
export type Content = z.infer<typeof contentSchema>;

/** `scratch`, `oci:DIR[:REF]`, `docker-archive:FILE` or `docker://HOST/REPO[:TAG][@DIGEST]`. */
const baseSchema = z
  .string()
  .regex(/^(scratch|oci:.+|docker-archive:.+|docker:\/\/.+)$/, 'expected "scratch", "oci:DIR[:REF]", "docker-archive:FILE" or "docker://HOST/REPO:TAG"');

/** The image fields a service, a variant or the plugin defaults may set. */
const imageFields = {
  base: baseSchema.optional(),
  entrypoint: z.array(z.string()).optional(),
  cmd: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  workdir: z.string().optional(),
  user: z.string().optional(),
  exposedPorts: z.array(z.union([z.number().int().positive(), z.string().regex(/^\d+(\/(tcp|udp|sctp))?$/)])).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  architecture: z.string().optional(),
  /** RFC 3339 time stored as the image's `created` and as every layer entry's mtime. */
  created: z.iso.datetime().optional(),
  /** Layer compression in the OCI layout and when pushing; the docker-archive is always uncompressed. */
  compression: z.enum(['none', 'gzip']).optional(),
};

/** A variant (`prod`, `test`, …): overrides plus content added to the service's own. */
export const variantSchema = z.strictObject({
  ...imageFields,
  extraContents: z.array(contentSchema).optional(),
});
export type VariantConfig = z.infer<typeof variantSchema>;

/** `services.<name>.docker`. */
export const serviceDockerSchema = z.strictObject({
  ...imageFields,
  /** Image repository name; default: the project name (variants other than `prod` add `-<variant>`). */
  name: z.string().regex(/^[a-z0-9]+([._/-][a-z0-9]+)*$/, 'lower-case letters, digits and . _ - / separators').optional(),
  contents: z.array(contentSchema).optional(),
  /** `false` drops a variant. Default: `{ "prod": {}, "test": {} }`. */
  variants: z.record(z.string().regex(/^[a-z0-9-]+$/), z.union([variantSchema, z.literal(false)])).optional(),
});
export type ServiceDockerConfig = z.infer<typeof serviceDockerSchema>;

/** The plugin's own section, `ant.config.json` → `docker`. */
export const pluginConfigSchema = z
  .strictObject({
    /** Default registry for `ant docker push`, e.g. `registry.example.com/team`. */
    registry: z.string().optional(),
    /** Allow plain HTTP (and unverified TLS) to the registry. */
    insecure: z.boolean().optional(),
    /** Image fields every service starts from. */
    defaults: z.strictObject({ ...imageFields, contents: z.array(contentSchema).optional() }).optional(),
    /** Apply per-language default contents (Go binaries, Python venv, node_modules …). Default true. */
    languageDefaults: z.boolean().optional(),
  })
  .default({});
export type PluginConfig = z.infer<typeof pluginConfigSchema>;

/** Formats a zod error as `where: path: message` lines for a thrown Error. */
export function formatIssues(where: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${where}${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}`)
    .join('\n');
}

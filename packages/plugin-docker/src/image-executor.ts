/**
 * The `docker` task's executor: the core imports this module in a pool worker and calls
 * {@link buildImages} with the options `tasks.ts` resolved (every image variant of one service).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutorContext, ExecutorResult } from '@ant/runner/plugin';
import { z } from '@ant/runner/plugin';
import { contentSchema } from './config-schema.js';
import { buildImage } from './image-builder.js';
import type { ImageSpec } from './image-spec.js';

/** The executor's options: resolved image specs (see image-spec.ts) and registry settings. */
export interface BuildImagesOptions {
  images: ImageSpec[];
  /** Allow plain HTTP / unverified TLS when pulling a `docker://` base image. */
  insecure?: boolean;
}

const imageSpecSchema = z.object({
  variant: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  base: z.string(),
  entrypoint: z.array(z.string()).optional(),
  cmd: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()),
  workdir: z.string().optional(),
  user: z.string().optional(),
  exposedPorts: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  volumes: z.array(z.string()),
  architecture: z.string(),
  os: z.literal('linux'),
  created: z.string(),
  compression: z.enum(['none', 'gzip']),
  contents: z.array(contentSchema),
  layers: z.array(z.string()),
});
const optionsSchema = z.object({ images: z.array(imageSpecSchema), insecure: z.boolean().optional() });

/** Where a variant's outputs go, relative to the project root. */
export function variantOutDir(variant: string): string {
  return join('dist', 'image', variant);
}

/**
 * Builds every image variant of the project into `<project>/dist/image/<variant>/` and tags each
 * with the task hash (plus `latest`). Throws (failing the task) with the service and field named.
 */
export async function buildImages(options: unknown, ctx: ExecutorContext): Promise<ExecutorResult> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new Error(`@ant/plugin-docker: bad executor options for ${ctx.project.name}: ${parsed.error.message}`);
  }
  const projectRoot = ctx.project.absRoot;
  await rm(join(projectRoot, 'dist', 'image'), { recursive: true, force: true });
  for (const spec of parsed.data.images) {
    await buildImage(spec, {
      root: ctx.root,
      projectRoot,
      outDir: join(projectRoot, variantOutDir(spec.variant)),
      tag: ctx.hash,
      where: `services.${ctx.project.name}.docker`,
      env: { ...process.env, ...ctx.env },
      insecure: parsed.data.insecure,
      log: (line) => ctx.log(line),
    });
  }
  return { exitCode: 0 };
}

/**
 * Lockfile YAML: the fast subset reader ({@link parseBlockYaml}) first, the complete `yaml`
 * package when a lockfile uses something the subset does not cover.
 */
import { createRequire } from 'node:module';
import { parseBlockYaml, UnsupportedYaml } from './block-yaml.js';

/** Parses lockfile YAML into plain objects; throws the `yaml` package's error for invalid YAML. */
export function readLockfileYaml(text: string): Record<string, unknown> {
  try {
    return parseBlockYaml(text);
  } catch (error) {
    if (!(error instanceof UnsupportedYaml)) throw error;
    // Loaded only on this rare path: the yaml package costs tens of milliseconds to import.
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    const doc: unknown = parse(text);
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  }
}

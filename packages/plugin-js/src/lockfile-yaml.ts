/**
 * Lockfile YAML: the fast subset reader ({@link parseBlockYaml}) first, the complete `yaml`
 * package when a lockfile uses something the subset does not cover.
 */
import { parse as parseYaml } from 'yaml';
import { parseBlockYaml, UnsupportedYaml } from './block-yaml.js';

/** Parses lockfile YAML into plain objects; throws the `yaml` package's error for invalid YAML. */
export function readLockfileYaml(text: string): Record<string, unknown> {
  try {
    return parseBlockYaml(text);
  } catch (error) {
    if (!(error instanceof UnsupportedYaml)) throw error;
    const doc: unknown = parseYaml(text);
    return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  }
}

/**
 * The Go-specific fields of a project (`services.<name>.*` in ant.config.json), validated.
 *
 * `vendorHash` keeps buildGoModule's meaning: a string is the SRI hash of the `go mod vendor`
 * tree, `null` means "build from the committed vendor/", and `""` is Nix's empty hash (it always
 * mismatches, which is how one learns the real value).
 */
import type { Project } from '@ant/runner/plugin';
import { isSriSha256 } from './nar.js';

/** Nix's `lib.fakeHash`, which `""` stands for. */
export const FAKE_HASH = 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Validated Go fields of one project. */
export interface GoFields {
  /** undefined: not declared (plain Go module build); null: committed vendor/; string: SRI hash. */
  vendorHash: string | null | undefined;
  goos: string | undefined;
  goarch: string | undefined;
  /** CGO_ENABLED; false unless the project says `cgo: true`. */
  cgo: boolean;
  /** Packages to build, relative to the module root (default: every main package, `./...`). */
  subPackages: string[] | undefined;
  /** buildGoModule's proxyVendor: vendorHash covers the module download cache, not vendor/. */
  proxyVendor: boolean;
  /** Extra `-ldflags` appended after ant's reproducible `-s -w -buildid=`. */
  ldflags: string | undefined;
}

function where(project: Project, field: string): string {
  return `project "${project.name}" (${project.root}): field "${field}" (ant.config.json services.${project.name}.${field})`;
}

function optionalString(project: Project, field: string, pattern?: RegExp): string | undefined {
  const value = project.fields[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || (pattern !== undefined && !pattern.test(value))) {
    throw new Error(`${where(project, field)}: expected ${pattern ? `a string matching ${pattern}` : 'a string'}, found ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads and validates a project's Go fields; throws a message naming the field on bad input. */
export function goFields(project: Project): GoFields {
  if (project.fields.vendorSha256 !== undefined) {
    throw new Error(
      `${where(project, 'vendorSha256')}: vendorSha256 is not supported (buildGoModule removed it too); ` +
        `use vendorHash with an SRI value. Hint: run "ant go vendor-hash ${project.name} --write".`,
    );
  }
  const raw = project.fields.vendorHash;
  let vendorHash: string | null | undefined;
  if (raw === undefined || raw === null) {
    vendorHash = raw;
  } else if (raw === '') {
    vendorHash = FAKE_HASH;
  } else if (typeof raw === 'string' && isSriSha256(raw)) {
    vendorHash = raw;
  } else {
    throw new Error(
      `${where(project, 'vendorHash')}: expected an SRI hash "sha256-<44 base64 characters>" or null, found ${JSON.stringify(raw)}. ` +
        `Hint: set it to "" and run "ant go vendor-hash ${project.name} --write" to fill in the right value.`,
    );
  }
  const cgo = project.fields.cgo;
  if (cgo !== undefined && typeof cgo !== 'boolean') {
    throw new Error(`${where(project, 'cgo')}: expected true or false, found ${JSON.stringify(cgo)}`);
  }
  const proxyVendor = project.fields.proxyVendor;
  if (proxyVendor !== undefined && typeof proxyVendor !== 'boolean') {
    throw new Error(`${where(project, 'proxyVendor')}: expected true or false, found ${JSON.stringify(proxyVendor)}`);
  }
  const subPackages = project.fields.subPackages;
  if (subPackages !== undefined && (!Array.isArray(subPackages) || !subPackages.every((p) => typeof p === 'string'))) {
    throw new Error(`${where(project, 'subPackages')}: expected an array of package paths like ["cmd/api"], found ${JSON.stringify(subPackages)}`);
  }
  return {
    vendorHash,
    goos: optionalString(project, 'goos', /^[a-z0-9]+$/),
    goarch: optionalString(project, 'goarch', /^[a-z0-9]+$/),
    cgo: cgo === true,
    proxyVendor: proxyVendor === true,
    subPackages: subPackages as string[] | undefined,
    ldflags: optionalString(project, 'ldflags'),
  };
}

/**
 * The tasks of a Go project, as buildGoModule would run them:
 *
 * - `vendor` (only with a string `vendorHash`): runs `go mod vendor` (`go mod download` with
 *   `proxyVendor`) into a temp dir, NAR-hashes it and fails with Nix's `specified:/got:` message
 *   on a mismatch (vendor-executor.ts). Cached: it reruns when go.mod, go.sum, sources or go change.
 * - `build`: `go build -trimpath` of the main packages into `dist/bin`, reproducibly
 *   (`-buildvcs=false`, `-ldflags=-s -w -buildid=`, `CGO_ENABLED=0` unless `cgo: true`,
 *   `GOTOOLCHAIN=local`), for `goos`/`goarch` when the project sets them. With a string
 *   `vendorHash` it is an executor that runs the same check first (build-executor.ts).
 * - `lint`: `go vet`, a gofmt check, and `golangci-lint run` when the module has a config.
 * - `test`: `go test ./...` (always for the host platform).
 */
import { fileURLToPath } from 'node:url';
import type { PluginContext, Project, RepoPath, TaskSpec } from '@ant/runner/plugin';
import { localModuleDirs } from './dependencies.js';
import { embedInputs } from './embeds.js';
import { goBinDir } from './go-env.js';
import { inProject, loadModuleInfo, type GoModuleInfo } from './module-info.js';

/** Go env vars a task needs to find caches and modules; they do not change what is built. */
export const GO_PASS_THROUGH_ENV = [
  'GOPATH', 'GOCACHE', 'GOMODCACHE', 'GOENV', 'GOTMPDIR', 'GOROOT',
  'GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GONOSUMCHECK', 'GOSUMDB', 'GOINSECURE', 'GOAUTH',
];

/** Go env vars that change the output, so they are hashed. */
export const GO_HASHED_ENV = ['GOFLAGS', 'GOEXPERIMENT', 'GOAMD64', 'GOARM', 'GOARM64', 'GO386', 'GOPPC64', 'GORISCV64', 'GOWASM'];

const CGO_ENV = ['CC', 'CXX', 'CGO_CFLAGS', 'CGO_CPPFLAGS', 'CGO_CXXFLAGS', 'CGO_LDFLAGS', 'PKG_CONFIG_PATH'];

/** golangci-lint configuration files, any of which turns golangci-lint on. */
export const GOLANGCI_CONFIGS = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json'];

/** The modules of the executors, by absolute path (the core hashes them portably). */
export const VENDOR_EXECUTOR = fileURLToPath(new URL('./vendor-executor.js', import.meta.url));
export const BUILD_EXECUTOR = fileURLToPath(new URL('./build-executor.js', import.meta.url));

/** Quotes one word for `sh -c` when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.=:,+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Files every Go task reads: sources, module files, vendor/, and local modules it builds with. */
function moduleInputs(info: GoModuleInfo, localDirs: RepoPath[], sources: string[]): string[] {
  const inputs = [...sources, 'go.mod', 'go.sum', 'vendor/**'];
  for (const dir of localDirs) {
    const prefix = dir === '.' ? '$root' : `$root/${dir}`;
    inputs.push(`${prefix}/**/*.go`, `${prefix}/go.mod`, `${prefix}/go.sum`);
  }
  if (info.workspace !== undefined) inputs.push(`$root/${info.workspace.file}`, `$root/${info.workspace.file}.sum`);
  return inputs;
}

/** The environment every Go task of this module runs with. */
function baseEnv(info: GoModuleInfo): Pick<TaskSpec, 'env' | 'passThroughEnv' | 'setEnv'> {
  const setEnv: Record<string, string> = { CGO_ENABLED: info.fields.cgo ? '1' : '0', GOTOOLCHAIN: 'local' };
  // With vendorHash the module builds alone, as buildGoModule does; otherwise go finds its go.work.
  if (info.workspace === undefined) setEnv.GOWORK = 'off';
  return {
    env: [...GO_HASHED_ENV, ...(info.fields.cgo ? CGO_ENV : [])],
    passThroughEnv: [...GO_PASS_THROUGH_ENV],
    setEnv,
  };
}

function modArg(info: GoModuleInfo): string {
  return info.modFlag === undefined ? '' : ` -mod=${info.modFlag}`;
}

/** `build`: main packages into dist/bin; a module without one is still compiled (and fails on errors). */
export function buildCommand(info: GoModuleInfo): string {
  const ldflags = ['-s', '-w', '-buildid=', ...(info.fields.ldflags ? [info.fields.ldflags] : [])].join(' ');
  const flags = `-trimpath -buildvcs=false${modArg(info)} ${shellQuote(`-ldflags=${ldflags}`)}`;
  const packages = info.fields.subPackages?.map((p) => shellQuote(p.startsWith('.') ? p : `./${p}`)).join(' ') ?? './...';
  const listMain = `go list${modArg(info)} -f '{{if eq .Name "main"}}{{.ImportPath}}{{end}}' ${packages}`;
  return [
    'rm -rf dist/bin && mkdir -p dist/bin',
    `main=$(${listMain})`,
    `if [ -n "$main" ]; then go build ${flags} -o dist/bin/ $main; else go build ${flags} ${packages}; fi`,
  ].join(' && ');
}

/** `lint`: go vet, then gofmt over the module's own files, then golangci-lint when configured. */
export function lintCommand(info: GoModuleInfo, golangci: boolean): string {
  const prune = `\\( -name vendor -o -name testdata -o -name node_modules -o -name dist -o -name '.*' -o -name '_*' \\) -prune`;
  const steps = [
    `go vet${modArg(info)} ./...`,
    `unformatted=$(find . -mindepth 1 -type d ${prune} -o -type f -name '*.go' -exec gofmt -l {} +)`,
    `if [ -n "$unformatted" ]; then printf 'gofmt: these files are not formatted (run gofmt -w on them):\\n%s\\n' "$unformatted" >&2; exit 1; fi`,
  ];
  if (golangci) {
    steps.push(
      `{ command -v golangci-lint >/dev/null || { echo 'golangci-lint is not on PATH; install it with: go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest' >&2; exit 127; }; }`,
      'golangci-lint run ./...',
    );
  }
  return steps.join(' && ');
}

/** Infers the Go tasks of one project. */
export async function inferGoTasks(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>> {
  const info = await loadModuleInfo(project, ctx);
  const localDirs = await localModuleDirs(info, ctx);
  const embeds = await embedInputs(project.absRoot);
  const env = baseEnv(info);
  const golangciConfig = (
    await Promise.all(GOLANGCI_CONFIGS.map(async (f) => ((await ctx.readFile(inProject(project.root, f))) === undefined ? undefined : f)))
  ).find((f) => f !== undefined);
  const verified = typeof info.fields.vendorHash === 'string';
  const tasks: Record<string, TaskSpec> = {};

  const vendorCheck = verified
    ? {
        vendorHash: info.fields.vendorHash,
        checkCommitted: info.hasVendorDir && !info.fields.proxyVendor,
        ...(info.fields.proxyVendor ? { proxyVendor: true } : {}),
      }
    : undefined;
  if (vendorCheck !== undefined) {
    tasks.vendor = {
      description: `${info.fields.proxyVendor ? 'go mod download' : 'go mod vendor'} into a temp dir and check its NAR hash against vendorHash`,
      executor: { module: VENDOR_EXECUTOR, export: 'verifyVendor', options: vendorCheck },
      inputs: moduleInputs(info, localDirs, ['**/*.go', '!dist/**']),
      outputs: [],
      ...env,
    };
  }

  const crossEnv: Record<string, string> = {};
  if (info.fields.goos !== undefined) crossEnv.GOOS = info.fields.goos;
  if (info.fields.goarch !== undefined) crossEnv.GOARCH = info.fields.goarch;
  tasks.build = {
    description: `go build -trimpath into dist/bin${info.fields.goos || info.fields.goarch ? ` for ${info.fields.goos ?? 'host'}/${info.fields.goarch ?? 'host'}` : ''}`,
    // With a vendorHash the build checks it first (build-executor.ts), whatever dependsOn becomes.
    ...(vendorCheck === undefined
      ? { command: buildCommand(info) }
      : { executor: { module: BUILD_EXECUTOR, export: 'goBuild', options: { command: buildCommand(info), vendor: vendorCheck } } }),
    inputs: moduleInputs(info, localDirs, ['**/*.go', '!**/*_test.go', '!dist/**', ...embeds]),
    outputs: ['dist/bin/**'],
    ...env,
    // GOOS/GOARCH from the environment count only where the project does not pin them.
    env: [...env.env!, ...['GOOS', 'GOARCH'].filter((name) => !(name in crossEnv))],
    setEnv: { ...env.setEnv, ...crossEnv },
  };

  const gobin = golangciConfig === undefined ? undefined : await goBinDir(ctx);
  tasks.lint = {
    description: `go vet + gofmt${golangciConfig === undefined ? '' : ' + golangci-lint'}`,
    command: lintCommand(info, golangciConfig !== undefined),
    inputs: moduleInputs(info, localDirs, ['**/*.go', '!dist/**', ...embeds, ...(golangciConfig ? [golangciConfig] : [])]),
    outputs: [],
    ...env,
    ...(gobin === undefined ? {} : { pathPrepend: [gobin] }),
  };

  tasks.test = {
    description: 'go test ./...',
    command: `go test${modArg(info)} ./...`,
    dependsOn: verified ? ['vendor'] : [],
    inputs: moduleInputs(info, localDirs, ['**/*.go', '**/testdata/**', '!dist/**', ...embeds]),
    outputs: [],
    // Tests run on the host: neither the project's goos/goarch nor GOOS/GOARCH apply.
    ...env,
  };
  return tasks;
}

#!/usr/bin/env node
/**
 * Writes docs/configuration.md from the zod schemas, so the reference never drifts from what ant
 * validates: the core's `configJsonSchema()` (packages/runner/src/config/schema.ts) and the config
 * sections of the bundled plugins that declare one (`configKey` + `configSchema`), plus plugin-docker's
 * `services.<name>.docker`. Run after `npm run build`:
 *
 *   node docs/gen-config-reference.mjs          # rewrite docs/configuration.md
 *   node docs/gen-config-reference.mjs --check  # exit 1 when the committed file is stale
 *
 * Field descriptions come from the schemas' `.describe()`; fields without one take theirs from
 * NOTES below (keyed by JSON path), which is the place to improve the wording.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'docs/configuration.md');
const dist = (rel) => pathToFileURL(path.join(REPO, rel)).href;

/** Descriptions for fields whose zod schema has none. `*` stands for a user-chosen key. */
const NOTES = {
  $schema: 'Path or URL of the JSON Schema for editors, e.g. `./node_modules/@ant/runner/schema.json`.',
  services: 'Projects declared explicitly, by name (as the Nix flake declared its services). Extra keys are language fields read by plugins (`vendorHash`, `docker`, `goos` …).',
  discover: 'Let plugins also infer projects from `go.mod`, `pyproject.toml`, `package.json` … A declared service at the same root keeps its name and fields.',
  globalInputs: 'Globs (from the workspace root) of files every task hash includes. `ant.config.json` always is.',
  globalEnv: 'Env var names whose values every task hash includes, and that every task receives.',
  globalPassThroughEnv: 'Env var names every task receives without hashing them (caches, credentials).',
  tasks: 'Defaults per task name, merged field by field over what plugins infer. They refine tasks a project has; they do not add tasks to projects that have none.',
  remoteCache: 'A Turborepo-compatible remote cache (see docs/remote-cache.md). `ANT_REMOTE_CACHE_*` variables override it.',
  cacheDir: 'The local cache directory (default `.ant/cache`; `ANT_CACHE_DIR` wins).',
  concurrency: 'Tasks at once (default: CPU count; `--concurrency` wins).',
  devshell: 'The repo devshell of `ant shell` / `ant env` (numtide/devshell\'s `devshells.default`).',
  commands: 'Extra `ant <name>` commands (numtide/devshell\'s `commands`), run with `sh -c` at the workspace root in the devshell environment.',
  up: 'Local processes for `ant up` (replaces process-compose).',
  'services.*.tags': 'Free-form labels, shown by `ant show`.',
  'services.*.tasks': 'Per-project task settings, merged over the defaults in `tasks`; a task with a `command` that no plugin infers is added (e.g. `serve`).',
  'tasks.*.executor': 'An in-process task run in a worker thread: `import(module)[export](options, context)`.',
  'tasks.*.executor.module': 'An absolute path, a path from the workspace root (`./tools/deploy.mjs`), or a package name.',
  'tasks.*.executor.export': 'Name of the exported function.',
  'tasks.*.executor.options': 'Passed to the function; part of the task hash.',
  'tasks.*.cwd': 'Working directory relative to the project root.',
  'tasks.*.setEnv': 'Env the task runs with (hashed: it is part of the command\'s meaning).',
  'tasks.*.pathPrepend': 'PATH entries put first (absolute, or relative to the workspace root).',
  'tasks.*.cache': '`false`: never cached (installs, deploys, smoke tests against live services).',
  'tasks.*.persistent': 'A long-running process (a server): never cached, not waited for by `ant run`; `ant up` runs it.',
  'tasks.*.platform': '`linux`: must run on Linux (on macOS, through plugin-darwin\'s Linux builder).',
  'tasks.*.description': 'One line for `ant show project`.',
  'remoteCache.url': 'Server base URL (`ANT_REMOTE_CACHE_URL`).',
  'remoteCache.team': '`team_…` is sent as `teamId`, anything else as `slug` (`ANT_REMOTE_CACHE_TEAM`).',
  'remoteCache.tokenEnv': 'Name of an env var holding the bearer token (`ANT_REMOTE_CACHE_TOKEN` is always read first).',
  'remoteCache.tokenCommand': 'Shell command printing the token (e.g. `op read op://Eng/ant/token`), run only when no env var has one.',
  'remoteCache.signatureKeyEnv': 'Name of an env var holding the HMAC key that signs uploads and verifies downloads. If named but unset, the remote cache is off.',
  'remoteCache.write': '`false`: download only (pull requests); `ANT_REMOTE_CACHE_READ_ONLY=1` does the same.',
  'remoteCache.timeoutMs': 'Deadline for each phase of an exchange: response headers, body, upload (defaults 10 000, 30 000, 60 000).',
  'devshell.name': 'Shown in the motd and the prompt.',
  'devshell.motd': 'Message of the day printed by `ant shell`.',
  'devshell.env': 'Environment entries, applied in order: `{name, value}`, `{name, eval}` (a shell command run at the workspace root; its output is the value), `{name, prefix}` (prepended to a PATH-like variable), `{name, unset: true}`.',
  'commands.*.run': 'Shell command (`sh -c`), run at the workspace root in the devshell environment; extra arguments are appended.',
  'commands.*.help': 'One line in `ant --help` and the motd menu.',
  'commands.*.category': 'Groups commands in the motd menu.',
  'up.processes': 'Processes by name.',
  'up.processes.*.command': 'Shell command to run (alternative to `task`).',
  'up.processes.*.cwd': 'Working directory relative to the workspace root.',
  'up.processes.*.env': 'Extra environment for the process.',
  'up.processes.*.dependsOn': 'Other processes, and the condition each must reach before this one starts.',
  'up.processes.*.readiness': 'The probe that makes the process `healthy` (one of http, tcp, exec, log).',
  'up.processes.*.readiness.http': 'GET this URL; a 2xx or 3xx answer passes (redirects are not followed).',
  'up.processes.*.readiness.tcp': '`host:port` that must accept a connection.',
  'up.processes.*.readiness.exec': 'Shell command (in the process\'s cwd and env) that must exit 0.',
  'up.processes.*.readiness.log': 'Regular expression a line of the process\'s output must match.',
  'up.processes.*.readiness.periodMs': 'Time between probes (default 250).',
  'up.processes.*.readiness.timeoutMs': 'Deadline of one probe (default 1000).',
  'up.processes.*.readiness.initialDelayMs': 'Wait before the first probe (default 0).',
  'up.processes.*.readiness.failureThreshold': 'Consecutive failed probes that fail the start (default 120, i.e. 30 s at the default period).',
  'up.processes.*.restart': 'As process-compose\'s `availability`: `no` (default), `on_failure` (after a non-zero exit), `always`.',
  'up.processes.*.maxRestarts': 'Give up after this many restarts (`0`: never restart).',
  'up.processes.*.backoffMs': 'Delay before the first restart (default 1000), doubling with each restart up to a cap.',
  'up.processes.*.shutdownSignal': 'Signal sent to the process group on stop (default SIGTERM).',
  'up.processes.*.shutdownTimeoutMs': 'Then SIGKILL after this long (default 5000).',
  'js.runVia': '`direct` (default): ant spawns the script itself with the env npm would give it; `package-manager`: `npm run <script>` (slower, exact). A project\'s own `runVia` field wins.',
  'js.persistent': 'Scripts that are long-running processes: persistent tasks, never cached.',
  'js.ignoreScripts': 'Scripts that never become tasks.',
  'docker.registry': 'Default registry for `ant docker push`, e.g. `registry.example.com/team`.',
  'docker.insecure': 'Allow plain HTTP (and unverified TLS) to the registry; loopback is always allowed.',
  'docker.defaults': 'Image fields (and `contents`) every service starts from.',
  'docker.languageDefaults': 'Default contents per language when a service sets no `contents` (Go `dist/bin`, Python `.venv` + `src`, JavaScript `node_modules`, `package.json`, `dist`). Default true.',
  'services.*.docker.base': '`scratch` (default), `oci:DIR[:REF]`, `docker-archive:FILE` or `docker://HOST/REPO[:TAG][@DIGEST]`.',
  'services.*.docker.entrypoint': 'Default: the top layer\'s single executable (e.g. the Go binary).',
  'services.*.docker.cmd': 'Image `Cmd`.',
  'services.*.docker.env': 'Image environment.',
  'services.*.docker.workdir': 'Image working directory.',
  'services.*.docker.user': 'Image user, e.g. `65534`.',
  'services.*.docker.exposedPorts': 'Ports, e.g. `8080` or `"53/udp"`.',
  'services.*.docker.labels': 'Image labels.',
  'services.*.docker.volumes': 'Image volumes.',
  'services.*.docker.architecture': 'Image architecture (default: the host\'s, as Go names it).',
  'services.*.docker.created': 'RFC 3339 time stored as the image\'s `created` and every layer entry\'s mtime (default 1970-01-01T00:00:01Z).',
  'services.*.docker.compression': 'Layer compression in the OCI layout and pushes; the docker-archive is always uncompressed.',
  'services.*.docker.name': 'Image repository name; default: the project name (variants other than `prod` add `-<variant>`).',
  'services.*.docker.contents': 'What goes into the image: `{from, to, layer, optional}` (below).',
  'services.*.docker.variants': 'Variants by name, each overriding image fields and adding `extraContents`; `false` drops one.',
  'services.*.docker.contents.from': 'A file, directory (its contents go into `to`) or glob, relative to the project (`$root/…`: the workspace).',
  'services.*.docker.contents.to': 'Absolute path in the image; a trailing `/`, a directory `from` or a glob put things into it.',
  'services.*.docker.contents.layer': 'The layer it lands in; layers are ordered by first use, except `app`, which is always on top.',
  'services.*.docker.contents.optional': 'Skip a `from` that matches nothing instead of failing the build.',
  'darwin.profiles': 'Named machine profiles (the seed\'s nix-darwin configurations).',
  'darwin.defaultProfile': 'The profile used when none is named (`ANT_DARWIN_PROFILE` wins).',
  'darwin.system': 'nix-darwin host platform; default: this Mac\'s.',
  'darwin.nixpkgs': 'Flake reference of the generated flake\'s nixpkgs input.',
  'darwin.nixDarwin': 'Flake reference of the generated flake\'s nix-darwin input.',
  'darwin.profiles.*.extends': 'Profile(s) this one builds on; later ones win, the profile\'s own fields win over all.',
  'darwin.profiles.*.description': 'One line for `ant darwin profiles`.',
  'darwin.profiles.*.toolchains': 'Tool → version prefix (`"1.22"`), `{version, nixPackage, command, versionArgs}`, or `false` to drop one an extended profile brought in.',
  'darwin.profiles.*.env': 'System-wide environment variables (nix-darwin `environment.variables`); `null` drops one.',
  'darwin.profiles.*.linuxBuilder': 'nix-darwin\'s Linux builder VM, or a remote Linux host over ssh (below).',
  'darwin.profiles.*.linuxBuilder.enable': 'Turn the builder on or off (the seed\'s `nobuilder` profile).',
  'darwin.profiles.*.linuxBuilder.cores': 'VM cores (`virtualisation.cores`).',
  'darwin.profiles.*.linuxBuilder.memoryMiB': 'VM memory in MiB (`virtualisation.memorySize`).',
  'darwin.profiles.*.linuxBuilder.diskGiB': 'VM disk in GiB.',
  'darwin.profiles.*.linuxBuilder.maxJobs': 'Parallel jobs nix and ant send to the builder.',
  'darwin.profiles.*.linuxBuilder.host': 'A remote builder\'s host; when set, no local VM is configured.',
  'darwin.profiles.*.linuxBuilder.user': 'ssh user of the remote builder.',
  'darwin.profiles.*.linuxBuilder.port': 'ssh port of the remote builder.',
  'darwin.profiles.*.linuxBuilder.identityFile': 'Private key for ssh (`~` is expanded).',
  'darwin.profiles.*.linuxBuilder.authorizedKeys': 'Public keys allowed to log in to the local VM\'s `builder` user.',
};

/** Renders a JSON Schema node as a short type. */
function typeOf(node) {
  if (!node || Object.keys(node).length === 0) return 'any';
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.anyOf || node.oneOf) return (node.anyOf ?? node.oneOf).map((alt) => (alt.type === 'object' && alt.properties ? shape(alt) : typeOf(alt))).join(' \\| ');
  if (node.type === 'array') {
    const item = typeOf(node.items);
    return item.includes('|') ? `(${item})[]` : `${item}[]`;
  }
  if (node.type === 'object') {
    if (node.additionalProperties && typeof node.additionalProperties === 'object' && !node.properties) return `map of ${typeOf(node.additionalProperties)}`;
    return 'object';
  }
  if (node.type === 'integer') return 'integer';
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  if (node.type === 'string' && node.pattern) return 'string (pattern)';
  if (node.type === 'string' && node.format) return `string (${node.format})`;
  return node.type ?? 'any';
}

/** An object alternative of a union, by its required keys: `{name, value}`. */
function shape(node) {
  const keys = node.required ?? Object.keys(node.properties);
  return keys.length > 4 ? 'object' : `{${keys.join(', ')}}`;
}

function describe(node, key) {
  const text = node.description ?? NOTES[key] ?? '';
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Table rows of an object node's properties. */
function rows(node, prefix) {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {}).map(([name, child]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    const dflt = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    return `| \`${name}\` | ${typeOf(child)}${required.has(name) ? ' (required)' : ''} | ${dflt} | ${describe(child, key)} |`;
  });
}

function table(node, prefix) {
  return ['| key | type | default | meaning |', '| --- | --- | --- | --- |', ...rows(node, prefix)].join('\n');
}

/** Follows `map of X` (additionalProperties) and unions of objects down to an object node. */
function objectOf(node) {
  if (!node) return undefined;
  if (node.properties) return node;
  if (node.additionalProperties && typeof node.additionalProperties === 'object') return objectOf(node.additionalProperties);
  if (node.items) return objectOf(node.items);
  for (const alt of node.anyOf ?? []) {
    const found = objectOf(alt);
    if (found) return found;
  }
  return undefined;
}

/** A link to a package's README, or to its source when it has none. */
function docsOf(pkg) {
  return existsSync(path.join(REPO, 'packages', pkg, 'README.md')) ? `[packages/${pkg}/README.md](../packages/${pkg}/README.md)` : `[packages/${pkg}/src](../packages/${pkg}/src)`;
}

const { configJsonSchema } = await import(dist('packages/runner/dist/config/schema.js'));
const core = configJsonSchema();
const P = core.properties;

const sections = [];
const section = (title, text, node, prefix) => sections.push(`## ${title}\n\n${text ? `${text}\n\n` : ''}${table(node, prefix)}\n`);

section('Top level', 'Unknown top-level keys are allowed only when a loaded plugin claims them as its config section (`go`, `js`, `docker`, `darwin` …).', core, '');
section('`services.<name>`', `${NOTES.services}`, objectOf(P.services), 'services.*');
section('`tasks.<name>` and `services.<name>.tasks.<name>`', `${NOTES.tasks} A project's own \`services.<name>.tasks\` entry wins over both.`, objectOf(P.tasks), 'tasks.*');
section('`remoteCache`', NOTES.remoteCache, objectOf(P.remoteCache), 'remoteCache');
section('`devshell`', NOTES.devshell, objectOf(P.devshell), 'devshell');
section('`commands.<name>`', NOTES.commands, objectOf(P.commands), 'commands.*');
const processes = objectOf(objectOf(P.up).properties.processes);
section('`up.processes.<name>`', 'One process of `ant up`: a `command`, or a persistent `task` (built first through the task graph, from the cache when nothing changed).', processes, 'up.processes.*');
section('`up.processes.<name>.readiness`', NOTES['up.processes.*.readiness'], objectOf(processes.properties.readiness), 'up.processes.*.readiness');

// Plugin sections: whatever the bundled plugins validate.
const plugins = [];
for (const pkg of ['plugin-go', 'plugin-python', 'plugin-js', 'plugin-docker', 'plugin-darwin']) {
  const { default: plugin } = await import(dist(`packages/${pkg}/dist/index.js`));
  plugins.push(plugin);
  if (!plugin.configKey || !plugin.configSchema) continue;
  const schema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' });
  const node = objectOf(schema);
  if (!node) continue;
  section(`\`${plugin.configKey}\` (${plugin.name})`, `Validated by ${plugin.name}; see ${docsOf(pkg)}.`, node, plugin.configKey);
  if (plugin.configKey === 'darwin') {
    const profile = objectOf(node.properties.profiles);
    section('`darwin.profiles.<name>` (@ant/plugin-darwin)', NOTES['darwin.profiles'], profile, 'darwin.profiles.*');
    section('`darwin.profiles.<name>.linuxBuilder` (@ant/plugin-darwin)', NOTES['darwin.profiles.*.linuxBuilder'], objectOf(profile.properties.linuxBuilder), 'darwin.profiles.*.linuxBuilder');
  }
}
const { serviceDockerSchema } = await import(dist('packages/plugin-docker/dist/config-schema.js'));
const dockerService = objectOf(z.toJSONSchema(serviceDockerSchema, { io: 'input', unrepresentable: 'any' }));
section(
  '`services.<name>.docker` (@ant/plugin-docker)',
  `Images of one service; \`variants\` default to \`{"prod": {}, "test": {}}\`. See ${docsOf('plugin-docker')}.`,
  dockerService,
  'services.*.docker',
);
section('`services.<name>.docker.contents[]` (@ant/plugin-docker)', 'Also `extraContents[]` of a variant.', objectOf(dockerService.properties.contents), 'services.*.docker.contents');

const languages = plugins.filter((p) => p.languages).map((p) => `\`${p.name}\`: ${p.languages.map((l) => `\`${l}\``).join(', ')}`).join('; ');
const text = `<!-- Generated by docs/gen-config-reference.mjs from the zod schemas; do not edit by hand. -->
# ant.config.json reference

ant looks for \`ant.config.json\` (or \`.antrc.json\`, \`ant.config.mjs\`) in the current directory and its
parents; that directory is the workspace root. The file is validated when ant starts: an error names
the file, the JSON path, what was expected and what was found, and a hint. Editors validate and
complete it with \`"$schema": "./node_modules/@ant/runner/schema.json"\`.

A worked example is [examples/platform/ant.config.json](../examples/platform/ant.config.json); the
guide is [getting-started.md](getting-started.md). Languages the bundled plugins claim (\`services.<name>.language\`): ${languages}.
Language fields of Go services (\`vendorHash\`, \`proxyVendor\`, \`goos\`, \`goarch\`, \`cgo\`, \`ldflags\`, \`subPackages\`)
are described in [packages/plugin-go/README.md](../packages/plugin-go/README.md).

${sections.join('\n')}`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write('docs/configuration.md is stale: run node docs/gen-config-reference.mjs\n');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)}\n`);
}

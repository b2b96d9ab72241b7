/**
 * @ant/plugin-go: Go modules as ant projects, built, linted, tested and vendor-checked the way
 * Nix's buildGoModule does it. This file only assembles the plugin; each hook lives in its own file.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { GoVendorHashCommand } from './commands/vendor-hash.js';
import { goDependencies } from './dependencies.js';
import { goDevshell } from './devshell.js';
import { goHashInputs } from './hash-inputs.js';
import { goNarrowChange } from './narrow-change.js';
import { createGoProjects, GO_PROJECT_FILES } from './projects.js';
import { inferGoTasks } from './tasks.js';

export { narDigest, narHash, toNixBase32, toSri, writeNar } from './nar.js';
export { parseGoMod, parseGoWork } from './go-mod.js';

/** The plugin object the ant host loads (type-only import of the API: no runtime dependency on the core). */
const plugin: AntPlugin = {
  name: '@ant/plugin-go',
  languages: ['go'],
  projectFiles: GO_PROJECT_FILES,
  // All that createProjects and dependencies read (module-info.ts: go.mod, go.work, whether a
  // vendor/modules.txt exists).
  structureFiles: ['**/go.mod', '**/go.work', '**/vendor/modules.txt'],
  createProjects: createGoProjects,
  inferTasks: inferGoTasks,
  dependencies: goDependencies,
  hashInputs: goHashInputs,
  devshell: goDevshell,
  narrowChange: goNarrowChange,
  commands: [GoVendorHashCommand],
};

export default plugin;

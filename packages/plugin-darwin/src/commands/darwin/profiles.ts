/**
 * `ant darwin profiles [--json]`: the machine profiles of this repo, resolved.
 */
import { Command, Option } from '@ant/runner/plugin';
import { findActiveProfile } from '../../active-profile.js';
import { renderProfiles } from '../../plan-render.js';
import { resolveAllProfiles } from '../../profile-resolver.js';
import { DarwinCommand } from './darwin-command.js';

/** Lists the profiles; `*` marks the active one. */
export class DarwinProfilesCommand extends DarwinCommand {
  static override paths = [['darwin', 'profiles']];
  static override usage = Command.Usage({
    category: 'darwin',
    description: 'List the machine profiles of darwin.profiles',
    details: 'Each profile is shown resolved: extends followed, overrides applied. `*` marks the active profile (ANT_DARWIN_PROFILE, else darwin.defaultProfile).',
    examples: [['List profiles as JSON', '$0 darwin profiles --json']],
  });

  json = Option.Boolean('--json', false, { description: 'Print JSON: {"active": name|null, "profiles": [resolved profile…]}' });

  protected async run(): Promise<number> {
    const { config, file } = await this.loadDarwin();
    const profiles = resolveAllProfiles(config, file);
    const active = findActiveProfile(config, this.context.env)?.name;
    if (this.json) this.writeJson({ active: active ?? null, profiles });
    else this.context.stdout.write(renderProfiles(profiles, active));
    return 0;
  }
}

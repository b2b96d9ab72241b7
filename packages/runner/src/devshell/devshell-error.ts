/**
 * Errors of `ant shell` / `ant env`. Codes (stable, never reused):
 *   ANT_DEVSHELL_EVAL_FAILED         an `eval` env entry's command exited non-zero       exit 2
 *   ANT_DEVSHELL_ENTRY_INVALID       an env entry ant refuses (`PATH` with `value`, a bad name)  exit 2
 *   ANT_DEVSHELL_COMMAND_NOT_FOUND   `ant shell -- cmd`: cmd is not on the devshell's PATH  exit 127
 *   ANT_DEVSHELL_SPAWN_FAILED        the shell or command could not be started              exit 126
 */
import { AntError, type AntErrorOptions } from '../errors.js';

/** A devshell failure the user can fix; `code` is one of the `ANT_DEVSHELL_*` codes above. */
export class DevshellError extends AntError {
  constructor(code: `ANT_DEVSHELL_${string}`, message: string, options: AntErrorOptions = {}) {
    super(code, message, { exitCode: 2, ...options });
    this.name = 'DevshellError';
  }
}

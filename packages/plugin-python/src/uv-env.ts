/**
 * The environment uv tasks see. ant runs tasks with a strict environment, so every variable uv
 * needs is named here: what only says where to fetch from is passed through unhashed; what
 * changes the result is hashed; what the company devshell fixed is set.
 */

/** Where and how uv downloads and caches; never what it builds. Passed through, not hashed. */
export const UV_PASS_THROUGH_ENV = [
  'UV_CACHE_DIR',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'UV_CONFIG_FILE',
  'UV_NO_CONFIG',
  // UV_INDEX_URL and the per-index credentials UV_INDEX_<NAME>_USERNAME / _PASSWORD.
  'UV_INDEX_*',
  'UV_EXTRA_INDEX_URL',
  'UV_DEFAULT_INDEX',
  'UV_INDEX',
  'UV_FIND_LINKS',
  'UV_KEYRING_PROVIDER',
  'UV_INSECURE_HOST',
  'UV_NATIVE_TLS',
  'UV_OFFLINE',
  'UV_HTTP_TIMEOUT',
  'UV_CONCURRENT_DOWNLOADS',
  'UV_CONCURRENT_BUILDS',
  'UV_CONCURRENT_INSTALLS',
  'UV_LINK_MODE',
  'UV_NO_PROGRESS',
  'UV_PYTHON_INSTALL_DIR',
  // git and private-index dependencies authenticate with these.
  'SSH_AUTH_SOCK',
  'NETRC',
  // pyenv shims (a common way to get python3) need these to pick the interpreter.
  'PYENV_ROOT',
  'PYENV_VERSION',
];

/** Variables that change which interpreter or environment uv uses: hashed. */
export const UV_HASHED_ENV = ['UV_PYTHON', 'UV_PYTHON_PREFERENCE', 'UV_PROJECT_ENVIRONMENT'];

/**
 * Set for every uv task, as the company's devshell did: uv must never download an interpreter
 * behind ant's back (the Python version is part of the hash and must be the machine's).
 */
export const UV_SET_ENV: Record<string, string> = { UV_PYTHON_DOWNLOADS: 'never' };

/**
 * Set for tasks that run inside the project's environment (`uv run`): the `install` task owns
 * the `.venv`, so `uv run` must not re-sync it (the devshell's `UV_NO_SYNC=1`).
 */
export const UV_RUN_SET_ENV: Record<string, string> = { ...UV_SET_ENV, UV_NO_SYNC: '1' };

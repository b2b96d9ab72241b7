/** The `darwin` section of DESIGN.md §2, i.e. the seed's four nix-darwin configurations. */
export function seedDarwinConfig(): Record<string, unknown> {
  return {
    profiles: {
      bootstrap: { toolchains: { node: '20' } },
      base: {
        extends: 'bootstrap',
        toolchains: { go: '1.22', uv: '0.9' },
        linuxBuilder: { enable: true, cores: 6, memoryMiB: 6000, diskGiB: 100, maxJobs: 12 },
      },
      beefy: { extends: 'base', linuxBuilder: { memoryMiB: 12000 } },
      nobuilder: { extends: 'base', linuxBuilder: { enable: false } },
    },
    defaultProfile: 'base',
  };
}

/**
 * Catches the classic mistake of a daemonless image build on a Mac: a host (Mach-O or Windows)
 * binary packed into a Linux image, which only fails when the container starts. Reads 4 bytes
 * of each executable file; scripts and ELF binaries pass.
 */
import { open } from 'node:fs/promises';
import type { LayerEntry } from './layer-contents.js';

/** `mach-o`, `pe`, or undefined for anything a Linux container may be able to run. */
export async function foreignExecutableFormat(path: string): Promise<'mach-o' | 'pe' | undefined> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead < 4) return undefined;
    const magic = buffer.readUInt32BE(0);
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'mach-o';
    if (buffer[0] === 0x4d && buffer[1] === 0x5a) return 'pe';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Throws naming the file and the fix when a layer holds an executable built for another OS. */
export async function assertLinuxExecutables(entries: readonly LayerEntry[], where: string): Promise<void> {
  for (const entry of entries) {
    if (entry.type !== 'file' || !entry.executable) continue;
    const format = await foreignExecutableFormat(entry.source);
    if (format) {
      throw new Error(
        `${where}: ${entry.source} (/${entry.path} in the image) is a ${format === 'mach-o' ? 'macOS' : 'Windows'} executable, ` +
          `which cannot run in a Linux image. Build it for Linux: for Go, set "goos": "linux" on the service.`,
      );
    }
  }
}

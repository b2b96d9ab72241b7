/** ant's version (the CLI's --version, the run receipt's stamp). */
export const VERSION = '0.1.0';

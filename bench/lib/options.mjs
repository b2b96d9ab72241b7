// Command-line options of bench/run.mjs and the repetition plan they imply.

export const USAGE = `usage: node bench/run.mjs [options]        (npm run bench -- [options])
  --quick             200 packages, 3 reps, cold once, e with 50 no-op tasks, no c-root (< 5 min)
  --sizes 200,1000    package counts (default 200,1000; --quick: 200)
  --reps N            repetitions of b, c-leaf, d (default 5; --quick: 3)
  --heavy-reps N      repetitions of a and c-root (default 1)
  --scenarios LIST    a,b,c-leaf,c-root,d,e (default all; --quick: a,b,c-leaf,d,e)
  --skip-cold         drop a (the first build still happens, untimed, before b)
  --tools LIST        ant,ant-full,turbo,turbo-bin,turbo-dry,nx (default all; turbo-bin runs b, c-leaf, d;
                      turbo-dry (turbo run build --affected --dry=json) d; ant-full b, d)
  --noop-tasks LIST   task counts for e (default 200; --quick: 50)
  --heavy-1000        also time nx at 1000 packages (+~16 min: its cold build alone takes ~14),
                      c-root at 1000 (+~12 min) and e at 1000 tasks (+~20 min)
  --out DIR           where RESULTS.md and results.json go (default bench/)
  --keep              keep the generated repos in bench/.work afterwards`;

const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** Parses argv into a plan; throws a usage message for unknown options. */
export function parseOptions(argv) {
  const o = { quick: false, skipCold: false, heavy1000: false, keep: false };
  const raw = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick': o.quick = true; break;
      case '--skip-cold': o.skipCold = true; break;
      case '--heavy-1000': o.heavy1000 = true; break;
      case '--keep': o.keep = true; break;
      case '--sizes': raw.sizes = list(value()).map(Number); break;
      case '--reps': raw.reps = Number(value()); break;
      case '--heavy-reps': raw.heavyReps = Number(value()); break;
      case '--scenarios': raw.scenarios = list(value()); break;
      case '--tools': raw.tools = list(value()); break;
      case '--noop-tasks': raw.noopTasks = list(value()).map(Number); break;
      case '--out': raw.out = value(); break;
      case '-h': case '--help': throw Object.assign(new Error(USAGE), { exitCode: 0 });
      default: throw Object.assign(new Error(`unknown option ${a}\n${USAGE}`), { exitCode: 2 });
    }
  }
  o.sizes = raw.sizes ?? (o.quick ? [200] : [200, 1000]);
  o.reps = raw.reps ?? (o.quick ? 3 : 5);
  o.heavyReps = raw.heavyReps ?? 1;
  o.scenarios = raw.scenarios ?? (o.quick ? ['a', 'b', 'c-leaf', 'd', 'e'] : ['a', 'b', 'c-leaf', 'c-root', 'd', 'e']);
  if (o.skipCold) o.scenarios = o.scenarios.filter((s) => s !== 'a');
  o.tools = raw.tools ?? ['ant', 'ant-full', 'turbo', 'turbo-bin', 'turbo-dry', 'nx'];
  o.noopTasks = raw.noopTasks ?? (o.quick ? [50] : o.heavy1000 ? [200, 1000] : [200]);
  o.out = raw.out ?? null;
  for (const n of [...o.sizes, ...o.noopTasks, o.reps, o.heavyReps]) {
    if (!(Number.isInteger(n) && n > 0)) throw Object.assign(new Error(`bad number in options\n${USAGE}`), { exitCode: 2 });
  }
  return o;
}

/**
 * Why a tool sits out a whole size (undefined: it runs). Nx at 1000 packages is heavy: its cold
 * build, which every cached scenario needs first, took 822 s on the 2-core reference VM, and with it
 * the full run cannot stay under 30 minutes; the targets at 1000 are against turbo.
 */
export function toolSkippedAt(o, tool, size) {
  if (tool === 'nx' && size >= 1000 && !o.heavy1000) return 'timed at 1000 packages with --heavy-1000 (its cold build alone takes ~14 min on 2 cores)';
  return undefined;
}

/** How many timed reps a scenario gets at a size, 0 meaning skipped (and why, for the report). */
export function repsFor(o, scenario, size) {
  if (!o.scenarios.includes(scenario.id)) return { reps: 0, why: 'not selected' };
  if (scenario.id === 'c-root' && size >= 1000 && !o.heavy1000) return { reps: 0, why: 'skipped at 1000 by default (--heavy-1000)' };
  return { reps: scenario.heavy ? o.heavyReps : o.reps };
}

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, round } from '../stats.ts';

export interface InitTime {
  /** Median wall time of a fresh `node` importing the bundle, minus the median of a bare start. */
  medianMs: number;
  /** Median time of the import itself, measured inside the process (less sensitive to noise). */
  importMedianMs: number;
}

const RUNNER = `const started = performance.now();
if (process.argv[2]) await import(process.argv[2]);
const importMs = performance.now() - started;
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ importMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/**
 * Module init time of each bundle: `runs` fresh Node processes per bundle, interleaved with bare
 * starts (the same runner importing nothing) and with the floor modules (`floors`: a module that
 * imports only the SDK packages a function loads at init) so a burst of machine noise hits all
 * alike. The bundles and floors must sit under the repository, so their @aws-sdk imports resolve
 * to its node_modules as they would to the SDK in the Lambda runtime.
 */
export function measureInitTimes(
  files: Record<string, string>,
  floors: Record<string, string>,
  runs: number,
  env: Record<string, string>,
  workDir: string,
  onRun: () => void,
): {
  bareMs: number;
  byHandler: Record<string, InitTime>;
  startMs: Record<string, number>;
  startCpuMs: Record<string, number>;
} {
  const runner = join(workDir, 'init-runner.mjs');
  writeFileSync(runner, RUNNER);
  const targets = [['(bare)', ''], ...Object.entries(floors), ...Object.entries(files)] as const;
  const wall: Record<string, number[]> = {};
  const imports: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (let run = 0; run < runs; run++) {
    for (const [name, file] of targets) {
      const started = performance.now();
      const result = spawnSync(process.execPath, file ? [runner, file] : [runner], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
      const elapsed = performance.now() - started;
      if (result.status !== 0) {
        throw new Error(
          `Loading the ${name} bundle failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
        );
      }
      wall[name] = [...(wall[name] ?? []), elapsed];
      const { importMs, cpuMs } = JSON.parse(result.stdout) as { importMs: number; cpuMs: number };
      imports[name] = [...(imports[name] ?? []), importMs];
      cpu[name] = [...(cpu[name] ?? []), cpuMs];
      onRun();
    }
  }
  const bareMs = median(wall['(bare)'] ?? []);
  return {
    bareMs: round(bareMs),
    /** Median wall time of a fresh start, by bundle and by floor: what a cold Lambda waits for. */
    startMs: Object.fromEntries(Object.entries(wall).map(([name, times]) => [name, round(median(times))])),
    /**
     * Median CPU time (user + system) of the whole process, start to import done: unlike wall time,
     * it does not count the time spent waiting for a core, so it reads better on a shared machine.
     */
    startCpuMs: Object.fromEntries(Object.entries(cpu).map(([name, times]) => [name, round(median(times))])),
    byHandler: Object.fromEntries(
      Object.keys(files).map((name) => [
        name,
        {
          medianMs: round(median(wall[name] ?? []) - bareMs),
          importMedianMs: round(median(imports[name] ?? [])),
        },
      ]),
    ),
  };
}

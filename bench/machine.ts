import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

/** The machine the figures come from: they mean little without it. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

export function describeMachine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * How busy the machine was with work that is not the bench's, during one phase: all CPU time
 * (/proc/stat) minus the bench's own processes (/proc/<pid>/stat, children it waited for included),
 * in cores. On a shared machine this says how much to trust the phase's figures. Linux only;
 * elsewhere it reports undefined.
 */
export class NoiseMeter {
  private start: { busy: number; total: number; own: number } | undefined;

  constructor(private readonly pids: () => number[]) {
    this.start = this.sample();
  }

  /** Other processes' average CPU use since the meter started, in cores. */
  otherCores(): number | undefined {
    const end = this.sample();
    if (!this.start || !end || end.total <= this.start.total) return undefined;
    const cores = availableParallelism();
    const busy = end.busy - this.start.busy;
    const own = end.own - this.start.own;
    const total = end.total - this.start.total;
    return Math.max(0, ((busy - own) / total) * cores);
  }

  private sample(): { busy: number; total: number; own: number } | undefined {
    try {
      const fields = readFileSync('/proc/stat', 'utf8')
        .split('\n')[0]
        ?.trim()
        .split(/\s+/)
        .slice(1)
        .map(Number);
      if (!fields || fields.length < 5) return undefined;
      const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
      const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
      const own = [process.pid, ...this.pids()].reduce(
        (sum, pid) => sum + processTicks(pid, pid === process.pid),
        0,
      );
      return { busy: total - idle, total, own };
    } catch {
      return undefined;
    }
  }
}

/** utime + stime (and cutime + cstime for the bench itself), in clock ticks like /proc/stat. */
function processTicks(pid: number, withChildren: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields start after its closing parenthesis.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
    return utime + stime + (withChildren ? cutime + cstime : 0);
  } catch {
    return 0;
  }
}

import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type FileOperations, WriteQueue } from '../../../local/stepfunctions/write-queue.ts';

/** File operations that only note what was written, each taking one turn of the event loop. */
function notingFiles() {
  const done: string[] = [];
  let inFlight = 0;
  let mostAtOnce = 0;
  const operation = async (line: string) => {
    inFlight += 1;
    mostAtOnce = Math.max(mostAtOnce, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight -= 1;
    done.push(line);
  };
  const files: FileOperations = {
    appendFile: (file, text) => operation(`append ${file}: ${text}`),
    replaceFile: (file, text) => operation(`replace ${file}: ${text}`),
  };
  return { files, done, mostAtOnce: () => mostAtOnce };
}

describe('the execution files write queue', () => {
  it('lands a record after the history lines of its execution queued before it', async () => {
    const disk = notingFiles();
    const queue = new WriteQueue(() => {}, disk.files);

    queue.append('a.jsonl', 'event 1\n', 'a');
    queue.append('a.jsonl', 'event 2\n', 'a');
    const recorded = queue.replace('a.json', 'ended', 'a');
    queue.append('index.jsonl', 'a ended\n', 'a');
    await recorded;
    await queue.flush();

    expect(disk.done).toEqual([
      'append a.jsonl: event 1\nevent 2\n',
      'replace a.json: ended',
      'append index.jsonl: a ended\n',
    ]);
  });

  it('writes different executions at the same time, so one record never holds up the others', async () => {
    const disk = notingFiles();
    const queue = new WriteQueue(() => {}, disk.files);

    const records = Array.from({ length: 10 }, (_, index) =>
      queue.replace(`${index}.json`, 'running', `execution-${index}`),
    );
    await Promise.all(records);

    expect(disk.done).toHaveLength(10);
    expect(disk.mostAtOnce()).toBe(10);
  });

  it('writes a record replaced twice in one batch once, with the newer text, and answers both', async () => {
    const disk = notingFiles();
    const queue = new WriteQueue(() => {}, disk.files);

    const first = queue.replace('a.json', 'running', 'a');
    queue.append('a.jsonl', 'event 1\n', 'a');
    const second = queue.replace('a.json', 'ended', 'a');
    await Promise.all([first, second]);

    expect(disk.done).toEqual(['append a.jsonl: event 1\n', 'replace a.json: ended']);
  });

  it('reports a failed write and goes on with the rest', async () => {
    const problems: string[] = [];
    const disk = notingFiles();
    const queue = new WriteQueue((message) => problems.push(message), {
      ...disk.files,
      replaceFile: async (file, text) => {
        if (file === 'broken.json') throw new Error('disk full');
        await disk.files.replaceFile(file, text);
      },
    });

    await Promise.all([queue.replace('broken.json', 'x', 'broken'), queue.replace('fine.json', 'y', 'fine')]);

    expect(problems).toEqual(['could not write broken.json: disk full']);
    expect(disk.done).toEqual(['replace fine.json: y']);
  });
});

describe('the execution files write queue on a full disk', () => {
  it('keeps a write refused for lack of space and makes it once space is back, losing nothing', async () => {
    const { DataDisk } = await import('../../../local/supervision/disk-space.ts');
    const disk = new DataDisk();
    // The probe writes here: it succeeds as soon as it runs, like a disk freed at once.
    disk.watch({ dir: tmpdir(), log: () => {}, checkMs: 5 });
    const errors: string[] = [];
    const written: string[] = [];
    let full = true;
    const files: FileOperations = {
      appendFile: async (file, text) => {
        if (full)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        written.push(`${file}: ${text}`);
      },
      replaceFile: async () => {},
    };
    const queue = new WriteQueue((message) => errors.push(message), files, disk);
    const paused = new Promise<void>((resolve) => disk.onChange((isFull) => isFull && resolve()));

    queue.append('a.jsonl', 'event 1\n', 'a');
    await paused;
    expect(disk.full).toBe(true);
    queue.append('a.jsonl', 'event 2\n', 'a');
    full = false;
    await queue.flush();

    expect(written).toEqual(['a.jsonl: event 1\n', 'a.jsonl: event 2\n']);
    expect(errors).toEqual([]);
    expect(disk.full).toBe(false);
  });
});

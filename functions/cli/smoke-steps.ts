/** One line per step: pass or fail, and how long it took. Later steps are skipped after a failure. */
export class SmokeFailure extends Error {
  override name = 'SmokeFailure';
}

export interface StepClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export class StepRunner {
  private failed = false;

  constructor(
    private readonly clock: StepClock,
    private readonly print: (line: string) => void,
  ) {}

  get ok(): boolean {
    return !this.failed;
  }

  /** Runs a step unless an earlier one failed; returns its value, or undefined when failed or skipped. */
  async step<T>(
    title: string,
    run: () => Promise<T>,
    options: { always?: boolean } = {},
  ): Promise<T | undefined> {
    if (this.failed && !options.always) {
      this.print(`  -  ${title}: skipped`);
      return undefined;
    }
    const started = this.clock.now();
    try {
      const value = await run();
      this.print(`  ✔  ${title} (${this.clock.now() - started} ms)`);
      return value;
    } catch (error) {
      this.failed = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.print(`  ✘  ${title} (${this.clock.now() - started} ms): ${reason}`);
      return undefined;
    }
  }

  /** Asks `probe` again every `everyMs` until it answers, or fails after `timeoutMs` saying what never happened. */
  async until<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
    everyMs = 2000,
  ): Promise<T> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (this.clock.now() >= deadline)
        throw new SmokeFailure(`${what} did not happen within ${timeoutMs / 1000} s`);
      await this.clock.sleep(everyMs);
    }
  }
}

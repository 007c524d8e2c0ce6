/**
 * A progress bar on stderr for the long phases. On a terminal it redraws one line; elsewhere (CI
 * logs) it prints a line every 10% so the log stays short.
 */
export class ProgressBar {
  private done = 0;
  private lastDecile = -1;
  private lastDraw = 0;
  private readonly started = performance.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
    this.draw(true);
  }

  tick(by = 1): void {
    this.done = Math.min(this.total, this.done + by);
    this.draw(this.done === this.total);
  }

  /** Ends the bar (also when the phase stopped early). */
  finish(note = ''): void {
    const seconds = (performance.now() - this.started) / 1000;
    const line = `${this.label}: ${this.done}/${this.total} in ${seconds.toFixed(1)} s${note ? ` — ${note}` : ''}`;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  private draw(force: boolean): void {
    const now = performance.now();
    if (this.tty) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.stream.write(`\r\x1b[2K${this.line(now)}`);
      return;
    }
    const decile = this.total === 0 ? 10 : Math.floor((this.done / this.total) * 10);
    if (decile === this.lastDecile || (decile === 10 && this.done !== this.total)) return;
    this.lastDecile = decile;
    this.stream.write(`${this.line(now)}\n`);
  }

  private line(now: number): string {
    const width = 30;
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(ratio * width);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.NaN;
    const etaText = Number.isFinite(eta) && this.done < this.total ? `, ${Math.ceil(eta)} s left` : '';
    return `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} (${rate.toFixed(1)}/s${etaText})`;
  }
}

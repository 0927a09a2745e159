// What a benchmark run prints while it times: one line per contender and fixture, counted
// against a total known before the first one, so a run of several minutes is never silent.

/** `2m 13s`; under a minute `13s`. */
function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

export class Progress {
  #done = 0;
  readonly #started = Date.now();

  constructor(readonly total: number) {}

  /** `contender` on `fixture` starts being timed, or, with `note`, was not timed for that reason. */
  step(fixture: string, contender: string, note?: string): void {
    this.#done += 1;
    const what = note ? `${contender}: ${note}` : contender;
    process.stderr.write(`bench: [${this.#done}/${this.total}] ${fixture}: ${what} (${elapsed(Date.now() - this.#started)})\n`);
  }
}

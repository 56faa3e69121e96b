/** The only source of "now" on the server, so tests and the e2e suite can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock whose offset from real time can be moved (tests, the e2e time hook). */
export class AdjustableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  setNow(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}

export class FixedClock implements Clock {
  private at: Date;
  constructor(at: Date) {
    this.at = at;
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

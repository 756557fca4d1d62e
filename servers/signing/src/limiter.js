// Bounds concurrent upstream calls; callers beyond the bound wait in a queue
// of bounded length, and beyond that are refused at once.
export class ConcurrencyLimiter {
  constructor(limit, maxWaiting) {
    this.limit = limit;
    this.maxWaiting = maxWaiting;
    this.active = 0;
    this.waiting = [];
  }

  // Resolves to a release function, or null when the queue is full.
  async acquire() {
    if (this.active < this.limit) {
      this.active++;
      return () => this.release();
    }
    if (this.waiting.length >= this.maxWaiting) return null;
    await new Promise((resolve) => this.waiting.push(resolve));
    return () => this.release();
  }

  release() {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next caller
    else this.active--;
  }
}

import { LRUCache } from 'lru-cache';
import { AppError } from '../domain/errors.ts';

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Sign-in attempt limits, counted per instance in memory: per client address and account (the
 * usual case), per client address (one source trying many accounts: password spraying) and per
 * account (many sources guessing one account). Each attempt costs an argon2id verification, so
 * the limits also keep unauthenticated clients from exhausting the CPU.
 */
export class LoginThrottle {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly perAddressAndAccount: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new LRUCache<string, Window>({ max: 100_000, ttl: windowMs });
  }

  /**
   * Counts an attempt.
   * @throws AppError `rate_limited` with `retryAfterSeconds` once any limit is reached.
   */
  attempt(address: string, account: string): void {
    const limits: [string, number][] = [
      [`pair|${address}|${account.toLowerCase()}`, this.perAddressAndAccount],
      [`address|${address}`, this.perAddressAndAccount * 10],
      [`account|${account.toLowerCase()}`, this.perAddressAndAccount * 5],
    ];
    const t = this.now();
    for (const [key, max] of limits) {
      const w = this.windows.get(key);
      if (w && w.resetAt > t && w.count >= max) {
        throw new RateLimited(Math.ceil((w.resetAt - t) / 1000));
      }
    }
    for (const [key] of limits) {
      const w = this.windows.get(key);
      if (w && w.resetAt > t) w.count += 1;
      else this.windows.set(key, { count: 1, resetAt: t + this.windowMs });
    }
  }
}

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many sign-in attempts; try again in ${retryAfterSeconds} seconds`);
  }
}

import { describe, expect, it } from 'vitest';
import { LoginThrottle, RateLimited } from './login-throttle.ts';

describe('sign-in throttle', () => {
  it('should limit one address on one account, and say when to retry', () => {
    let now = 0;
    const t = new LoginThrottle(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) t.attempt('1.1.1.1', 'a@x.test');
    expect(() => t.attempt('1.1.1.1', 'A@x.test')).toThrow(RateLimited);
    try {
      t.attempt('1.1.1.1', 'a@x.test');
    } catch (e) {
      expect((e as RateLimited).retryAfterSeconds).toBe(60);
    }
    now = 60_001;
    expect(() => t.attempt('1.1.1.1', 'a@x.test')).not.toThrow();
  });

  it('should limit one address spraying many accounts', () => {
    const t = new LoginThrottle(3, 60_000, () => 0);
    for (let i = 0; i < 30; i++) t.attempt('2.2.2.2', `user${i}@x.test`);
    expect(() => t.attempt('2.2.2.2', 'another@x.test')).toThrow(RateLimited);
    expect(() => t.attempt('3.3.3.3', 'another@x.test')).not.toThrow();
  });

  it('should limit many addresses guessing one account', () => {
    const t = new LoginThrottle(3, 60_000, () => 0);
    for (let i = 0; i < 15; i++) t.attempt(`10.0.0.${i}`, 'target@x.test');
    expect(() => t.attempt('10.0.1.1', 'target@x.test')).toThrow(RateLimited);
  });
});

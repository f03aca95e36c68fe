import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('loadConfig', () => {
  it('should default to an SQLite file in the data folder on localhost:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      dbUrl: 'sqlite:./data/amends.sqlite',
      host: '127.0.0.1',
      port: 3000,
      demo: true,
    });
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('should report every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', DB_URL: 'mysql://x', AMENDS_DEMO: 'maybe', PUBLIC_URL: 'not a url' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const v of ['PORT', 'DB_URL', 'AMENDS_DEMO', 'PUBLIC_URL']) expect(problems).toContain(v);
    }
  });
  it('should treat empty variables as unset and follow DATA_DIR', () => {
    expect(loadConfig({ PORT: '', DATA_DIR: '/srv/amends/' }).dbUrl).toBe('sqlite:/srv/amends/amends.sqlite');
    expect(loadConfig({ AMENDS_DEMO: 'false' }).demo).toBe(false);
  });
});

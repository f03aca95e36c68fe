import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Each project names these itself rather than `extends: true`, which would also copy maxWorkers
// into the projects, where `--maxWorkers` on the command line no longer reaches it.
const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    // Vitest keeps one core for itself by default, which on CI's two cores means one test file at a
    // time. Its own work is light and the suites wait on PostgreSQL, spawned CLIs and Chromium, so
    // two files at a time use the machine; larger machines keep Vitest's default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // A worker keeps its imported modules from one test file to the next instead of loading the
          // whole app again for each (about 2 s a file). Safe because the suites share no module
          // state: no vi.mock, fake timers or environment changes, and every file builds its own
          // app and database.
          isolate: false,
        },
      },
      {
        // The browser suites keep a process each, as before: they start Chromium and a server.
        test: { ...shared, name: 'browser', include: ['e2e/**/*.test.ts'] },
      },
    ],
  },
});

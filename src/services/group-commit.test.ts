import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit.ts';

describe('group commit', () => {
  it('should write concurrent submissions in few batches and resolve each after its batch', async () => {
    const batches: number[][] = [];
    const g = new GroupCommitter<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((x) => x * 2);
    }, 100);
    const results = await Promise.all(Array.from({ length: 250 }, (_, i) => g.submit(i)));
    expect(results).toEqual(Array.from({ length: 250 }, (_, i) => i * 2));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(5);
  });

  it('should isolate a bad item: the others in its batch still commit', async () => {
    const committed: number[] = [];
    const g = new GroupCommitter<number, number>(async (items) => {
      if (items.includes(13)) throw new Error('unlucky');
      committed.push(...items);
      return items;
    });
    const results = await Promise.allSettled([1, 13, 2].map((x) => g.submit(x)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed.sort()).toEqual([1, 2]);
  });
});

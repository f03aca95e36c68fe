/**
 * A small seeded random number generator for simulations and tests (deterministic runs):
 * mulberry32 for uniforms, Box–Muller for normals, Knuth's product method for Poisson counts.
 * Not for anything secret.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Normal with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** Poisson count with mean `lambda` (product method; fine for λ up to a few hundred). */
  poisson(lambda: number): number;
  /** Binomial count of n trials with probability p (sum of Bernoulli draws). */
  binomial(n: number, p: number): number;
}

/** A seeded generator (mulberry32; Tommy Ettinger, public domain). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = (mean = 0, sd = 1) => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return mean + sd * s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  };
  const poisson = (lambda: number) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    return k;
  };
  const binomial = (n: number, p: number) => {
    let x = 0;
    for (let i = 0; i < n; i++) if (uniform() < p) x++;
    return x;
  };
  return { uniform, normal, poisson, binomial };
}

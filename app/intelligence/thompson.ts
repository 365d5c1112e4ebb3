/**
 * Beta sampling for Thompson sampling, on an injectable uniform RNG so tests can seed it.
 * Gamma via Marsaglia–Tsang (with the a < 1 boost), normal via Box–Muller.
 */
export type UniformRandom = () => number;

function standardNormal(random: UniformRandom): number {
  const u = 1 - random(); // (0, 1]: log(0) impossible
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function sampleGamma(shape: number, random: UniformRandom): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const v = Math.pow(1 + c * x, 3);
    if (v <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One draw from Beta(alpha, beta); both must be positive. */
export function sampleBeta(alpha: number, beta: number, random: UniformRandom): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}


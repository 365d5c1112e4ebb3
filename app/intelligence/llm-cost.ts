/**
 * Token prices of the chat models analysis may use, in micro-dollars per million tokens
 * (integers, like every amount of money in Glint). Unknown models are priced as the dearest one
 * so a misconfiguration never under-counts.
 */
const PRICES_MICRO_USD_PER_MTOK: Record<string, { input: number; output: number }> = {
  "gpt-4o": { input: 2_500_000, output: 10_000_000 },
  "gpt-4o-2024-08-06": { input: 2_500_000, output: 10_000_000 },
  "gpt-4o-mini": { input: 150_000, output: 600_000 },
};
const DEAREST = { input: 2_500_000, output: 10_000_000 };

export function llmCostMicroUsd(model: string, inputTokens: number, outputTokens: number): number {
  const price = PRICES_MICRO_USD_PER_MTOK[model] ?? DEAREST;
  return Math.ceil((inputTokens * price.input + outputTokens * price.output) / 1_000_000);
}

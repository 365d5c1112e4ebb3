/**
 * Prints the model registry for operators reviewing pricing and margins.
 *   npm run models            a readable table with the margin per model
 *   npm run models -- --json  a JSON array (id, name, provider, modelRef, capabilities, credits, usd, timeoutMs, maxConcurrency)
 */
import { defaultRegistry, providerModelRef, type ModelEntry } from "../app/providers/registry/index";

const registry = defaultRegistry();
const creditValue = registry.config.creditValueMicroUsd;

const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(3)}`;
const marginMicro = (m: ModelEntry) => m.credits * creditValue - m.usdCostMicro;

if (process.argv.includes("--json")) {
  const rows = registry.models.map((m) => ({
    id: m.id,
    name: m.displayName,
    provider: m.provider,
    modelRef: providerModelRef(m),
    capabilities: m.capabilities,
    outputKind: m.outputKind,
    credits: m.credits,
    usd: m.usdCostMicro / 1_000_000,
    usdCostMicro: m.usdCostMicro,
    marginMicroUsd: marginMicro(m),
    timeoutMs: m.timeoutMs,
    maxConcurrency: m.maxConcurrency,
  }));
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  const header = ["id", "provider", "kind", "capabilities", "credits", "cost", "revenue", "margin", "timeout", "conc"];
  const rows = registry.models.map((m) => {
    const revenue = m.credits * creditValue;
    return [
      m.id,
      m.provider,
      m.outputKind,
      m.capabilities.join(","),
      String(m.credits),
      dollars(m.usdCostMicro),
      dollars(revenue),
      `${dollars(marginMicro(m))} (${Math.round((marginMicro(m) / revenue) * 100)}%)`,
      `${Math.round(m.timeoutMs / 1000)}s`,
      String(m.maxConcurrency),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  out.push("", `${registry.models.length} models; one credit is valued at ${dollars(creditValue)} for margins.`);
  for (const [capability, chain] of Object.entries(registry.config.chains)) out.push(`chain ${capability}: ${chain.join(" → ")}`);
  process.stdout.write(`${out.join("\n")}\n`);
}

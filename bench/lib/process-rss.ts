/**
 * Resident memory of a child process tree, read from /proc (Linux). Used to find the worker the
 * stack started (a `tsx app/worker.ts` wrapper whose node child runs the code) and sample it.
 */
import { readdir, readFile } from "node:fs/promises";

async function children(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Field 4 (ppid) follows the command name in parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}

/** Descendants of `root` whose command line contains `needle`. */
export async function findDescendants(root: number, needle: string): Promise<number[]> {
  const matches: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of await children(queue.shift()!)) {
      const cmdline = (await readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ");
      if (cmdline.includes(needle)) matches.push(child);
      queue.push(child);
    }
  }
  return matches;
}

/** VmRSS in MB, or undefined once the process is gone. */
export async function rssMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const match = status && /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

/**
 * Import + construct, side by side in one run: a fresh Node process that imports a client
 * and constructs it, against one that does nothing. Each round runs the three in turn (the
 * order rotating, so drift lands on all alike); a figure is the median of the per-round
 * ratios to the bare process in the same round. Target: Tollgate ≤ 1.5× bare node (openai-node
 * was 2.2× when the target was set). Prints a table; exits 0 (it is a report).
 *   bare node              node --input-type=module -e ''
 *   openai-node            import('openai') + new OpenAI({...})
 *   Tollgate               import('@tollgate/sdk') (the built package) + new Tollgate({...})
 */
import { spawnSync } from 'node:child_process';

const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 40);
const cwd = new URL('..', import.meta.url).pathname;
const VARIANTS = {
  'bare node': '',
  'openai-node import + construct': `const { default: OpenAI } = await import('openai'); new OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:1' });`,
  'Tollgate import + construct': `const { Tollgate } = await import('@tollgate/sdk'); new Tollgate({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });`,
} as const;
type Variant = keyof typeof VARIANTS;
const names = Object.keys(VARIANTS) as Variant[];

/** Wall time of one fresh process running `code`, in ms. */
function time(code: string): number {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`${code}\nfailed: ${child.stderr}`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// One warm-up round: the file system cache holds every module afterwards, for all alike.
for (const name of names) time(VARIANTS[name]);
const ms = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Variant, number[]>;
const ratios = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
  Variant,
  number[]
>;
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]!);
  const took = {} as Record<Variant, number>;
  for (const name of order) took[name] = time(VARIANTS[name]);
  for (const name of names) {
    ms[name].push(took[name]);
    ratios[name].push(took[name] / took['bare node']);
  }
}

console.log(`\nimport + construct, fresh process, ${ROUNDS} rounds (median of per-round ratios):`);
console.log('| process | median | ratio to bare node | target |\n|---|---:|---:|---|');
for (const name of names) {
  const target = name.startsWith('Tollgate') ? '≤ 1.5×' : name === 'bare node' ? '' : 'reference';
  console.log(
    `| ${name} | ${median(ms[name]).toFixed(0)} ms | ${median(ratios[name]).toFixed(2)}× | ${target} |`,
  );
}

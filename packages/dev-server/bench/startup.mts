import { startDevServer } from '../src/index';

const times: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const s = await startDevServer({ log: () => {} });
  times.push(performance.now() - t);
  await s.close();
}
console.log(
  `startDevServer: median ${times.sort((a, b) => a - b)[5]!.toFixed(1)} ms over 10 starts (first ${times[0]!.toFixed(1)} ms)`,
);

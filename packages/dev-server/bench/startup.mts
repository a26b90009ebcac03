/** How long startDevServer takes to listen (CA key, state, HTTP server), over 10 starts. */
import { startDevServer } from '../src/index';

const times: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  const server = await startDevServer({ log: () => {} });
  times.push(performance.now() - t);
  await server.close();
}
const first = times[0] ?? 0;
const median = [...times].sort((a, b) => a - b)[5] ?? 0;
console.log(
  `startDevServer: median ${median.toFixed(1)} ms over 10 starts (first ${first.toFixed(1)} ms)`,
);

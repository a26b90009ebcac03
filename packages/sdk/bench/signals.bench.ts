/**
 * Why every attempt gets an AbortController and a timer of its own rather than
 * `AbortSignal.timeout(ms)`: side by side in one process, in rounds of a batch each (the order
 * shuffled per round, see measure.ts), the cost of the signal an attempt needs. Prints a
 * table; exits 0 (it is a report). `AbortSignal.timeout` measured 1.8× the controller and
 * timer on Node 20 and 2.4× on Node 22; the controller is also the one that can be cancelled
 * when a body is still to be read (agent.fetch, streams).
 */
import { rounds } from './measure';

const ROUNDS = Number(process.env.BENCH_SIGNAL_ROUNDS ?? 200);
const BATCH = 200;
const held: AbortSignal[] = new Array(BATCH);

const batch = (make: (i: number) => AbortSignal) => async () => {
  for (let i = 0; i < BATCH; i++) held[i] = make(i);
};
const result = await rounds(
  {
    controller: batch(() => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      clearTimeout(timer);
      return controller.signal;
    }),
    timeoutSignal: batch(() => AbortSignal.timeout(60_000)),
  },
  'controller',
  ROUNDS,
  20,
);
const per = (micros: number) => `${(micros / BATCH).toFixed(2)} µs`;
console.log(`attempt signals — ${ROUNDS} rounds of ${BATCH}, Node ${process.version}`);
console.log('| signal per attempt | each | × controller |');
console.log('|---|---:|---:|');
console.log(
  `| AbortController + setTimeout/clearTimeout (the SDK's) | ${per(result.micros.controller)} | 1.00× |`,
);
console.log(
  `| AbortSignal.timeout | ${per(result.micros.timeoutSignal)} | ${result.ratio.timeoutSignal.toFixed(2)}× |`,
);

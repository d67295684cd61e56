// Small timing helpers shared by the benchmark sections.
import { performance } from 'node:perf_hooks';

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed. Returns sorted wall times and sorted CPU
 * times (user + system of this process) in ms: on a shared machine the CPU time leaves out the time
 * the process waited for a core, so it is the steadier of the two.
 */
export function timeRuns(fn, { warmup = 5, runs = 30 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const byValue = (a, b) => a - b;
  return { wall: wall.sort(byValue), cpu: cpu.sort(byValue) };
}

export function ms(value) {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

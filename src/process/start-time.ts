/**
 * When this process started (epoch ms), from process.uptime, which counts from Node's own start:
 * a little earlier than performance.timeOrigin (taken once V8 is up), and without loading
 * perf_hooks, which costs ~1.5 ms on the boot's critical path.
 */
export function processStartedAt(): number {
  return Date.now() - process.uptime() * 1000;
}

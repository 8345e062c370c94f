/**
 * When this process started (epoch ms): performance.timeOrigin without loading perf_hooks, which
 * costs ~1.5 ms on the boot's critical path (process.uptime counts from the same moment).
 */
export function processStartedAt(): number {
  return Date.now() - process.uptime() * 1000;
}

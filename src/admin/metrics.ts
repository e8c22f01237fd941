// GET /_mock/metrics: the process's memory and uptime, so long-running checks can see whether memory
// stays bounded without attaching a debugger.
export interface MetricsView {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  uptimeSeconds: number;
}

export function metricsView(): MetricsView {
  const memory = process.memoryUsage();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    uptimeSeconds: process.uptime(),
  };
}

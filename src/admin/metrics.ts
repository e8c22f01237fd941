// GET /_mock/metrics: the process's memory and uptime, and what the emulator holds, so long-running
// checks can see whether memory stays bounded without attaching a debugger.
import type { PerformanceEntry } from 'node:perf_hooks';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Journal } from './journal.js';
import type { ProjectStore } from '../store/projects.js';

export interface StoredCounts {
  projects: number;
  sessions: number;
  browsers: number;
  profiles: number;
  workspaces: number;
  workspaceBytes: number;
  journalEntries: number;
}

export interface MetricsView {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** Heap in use right after the latest full (mark-sweep) collection: what is really kept; null before the first. */
  heapAfterFullGcBytes: number | null;
  externalBytes: number;
  arrayBuffersBytes: number;
  uptimeSeconds: number;
  stored: StoredCounts;
}

/** Records the heap left after each full collection, from V8's gc performance entries. */
class FullGcHeap {
  bytes: number | null = null;
  private observer: PerformanceObserver | undefined;
  start(): void {
    if (this.observer) return;
    this.observer = new PerformanceObserver((list) => {
      // NODE_PERFORMANCE_GC_MAJOR is 4: a mark-sweep-compact of the whole heap. The observer runs after it.
      if (list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 4)) this.bytes = process.memoryUsage().heapUsed;
    });
    this.observer.observe({ entryTypes: ['gc'] });
    // Observing must not keep the process alive.
    (this.observer as unknown as { unref?: () => void }).unref?.();
  }
  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}

export class Metrics {
  private readonly fullGc = new FullGcHeap();
  constructor(
    private readonly projects: ProjectStore,
    private readonly journal: Journal,
  ) {}

  /** Starts watching collections (the admin plugin calls it once the app is built). */
  watch(): void {
    this.fullGc.start();
  }

  close(): void {
    this.fullGc.stop();
  }

  stored(): StoredCounts {
    const counts: StoredCounts = { projects: 0, sessions: 0, browsers: 0, profiles: 0, workspaces: 0, workspaceBytes: 0, journalEntries: this.journal.size };
    for (const project of this.projects.values()) {
      counts.projects++;
      counts.sessions += project.sessionOrder.length;
      counts.browsers += project.browsers.size;
      counts.profiles += project.profiles.size;
      counts.workspaces += project.workspaces.size;
      counts.workspaceBytes += project.workspaceBytes;
    }
    return counts;
  }

  view(): MetricsView {
    const memory = process.memoryUsage();
    return {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      heapAfterFullGcBytes: this.fullGc.bytes,
      externalBytes: memory.external,
      arrayBuffersBytes: memory.arrayBuffers,
      uptimeSeconds: process.uptime(),
      stored: this.stored(),
    };
  }
}

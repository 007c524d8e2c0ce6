/**
 * The V8 flags the local runtime runs with: `npm start` (package.json), the bench's runtime and the
 * tests' runtimes. Its live heap is small (about 70 MiB with 400 onboardings in flight, from a heap
 * snapshot), but under a burst of work V8 lets the old space grow to several hundred MiB before it
 * collects, and the process keeps that memory. A 256 MiB old space bounds the growth without
 * slowing the runtime down (throughput and peak memory: `npm run bench`, docs/performance.md).
 */
export const LOCAL_RUNTIME_NODE_FLAGS = ['--max-old-space-size=256'] as const;

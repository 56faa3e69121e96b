// React and React Router pick their production builds from NODE_ENV when first
// imported, so it is set before anything else loads.
process.env.NODE_ENV ??= "production";
// Every deck upload waits on two flushes to disk in libuv's thread pool (file,
// then folder); with the default 4 threads a deadline rush queues behind them.
// Read when the pool first starts, so it is set before any file is touched.
process.env.UV_THREADPOOL_SIZE ??= "16";
await import("./serve.ts");
export {};

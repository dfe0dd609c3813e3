/**
 * V8 flags for the console's renderer, the app's own and the tests' Chromium alike, so that what the UI tests and
 * the benchmarks measure is what the technician runs.
 *
 * `--single-threaded-gc`: the renderer's garbage collector marks and sweeps on the renderer's main thread, in small
 * steps between frames, instead of on worker threads. A fast scroll through 100,000 devices builds and drops
 * thousands of rows and so starts a full collection every thousand rows or so. On a two-core machine its worker
 * threads took the cores from the compositor and raster threads that draw the scroll, and its final pause was
 * longer. Measured interleaved on the same build (docs/benchmarks.md, session 9): the final pause took 7–11 ms
 * instead of 10–21 ms, and a frame dropped during the collection in 4 of 26 flicks instead of 6 of 14. The
 * renderer's heap is some 50 MB, so collecting it on one thread costs little elsewhere.
 */
export const RENDERER_JS_FLAGS = '--single-threaded-gc';

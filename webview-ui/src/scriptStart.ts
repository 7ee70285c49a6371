// Imported first by main.ts: marks when the bundle starts to run, so the benchmark can tell the
// bundle's own cost before the first diagram from the time spent loading it.
performance.mark('ws:script-start');

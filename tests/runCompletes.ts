/**
 * Required by .mocharc.json. A run that stops with nothing left on the event loop (seen on
 * Node 22: a test failed, the reporter choked on its value, and no next test was scheduled) ends
 * the process before Mocha reports, with exit code 0: a silent green CI. The root `afterAll` runs
 * only when Mocha reaches the end.
 */
let reachedTheEnd = false;

export const mochaHooks = {
    afterAll(): void {
        reachedTheEnd = true;
    },
};

process.on("exit", (code) => {
    if (reachedTheEnd || code !== 0) return;
    process.stderr.write("error: the test run stopped before its end, with nothing left to run; failing it\n");
    process.exitCode = 1;
});

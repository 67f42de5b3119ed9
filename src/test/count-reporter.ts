import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints `N passed, N failed` (individual tests) as the very last line of a
 * `vitest run`, the plain summary line CI reads. Used beside the default
 * reporter; it never changes the exit code (Vitest still exits non-zero on
 * failures).
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failed += 1;
        else skipped += 1;
      }
      // A file that failed to load (syntax error, failing import) has no tests.
      if (module.state() === "failed" && module.children.size === 0) failed += 1;
    }
    if (unhandledErrors.length > 0 && failed === 0) failed = unhandledErrors.length;
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    // Registered after "default" in vite.config.ts, so this is the last line printed.
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}

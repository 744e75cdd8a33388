import { testDatabases } from "./databases.ts";

// Printed by `make test` before the suites run, so a reader of the output knows what was covered.
const covered = (await testDatabases()).map((d) => d.family);
console.log(`databases covered by this test run: ${covered.join(", ")}`);

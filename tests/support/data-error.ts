import assert from "node:assert/strict";
import { DataFileError } from "../../src/data/idx";

/** Asserts that `work` throws a DataFileError whose message matches every pattern. */
export function assertDataError(work: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(work, (error: Error) => {
    assert.ok(error instanceof DataFileError, `expected DataFileError, got ${error.name}: ${error.message}`);
    patterns.forEach((pattern) => assert.match(error.message, pattern));
    return true;
  });
}

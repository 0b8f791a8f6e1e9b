/** Assertions that turn a notebook's headline claim into a checked fact. */

/** Error raised when a notebook's claim does not hold on this run. */
export class ClaimFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimFailedError";
  }
}

/**
 * Throws ClaimFailedError with `claim` and the measured `evidence` unless
 * `holds` is true; otherwise prints a confirmation line.
 */
export function assertClaim(holds: boolean, claim: string, evidence: string): void {
  if (!holds) {
    throw new ClaimFailedError(`结论不成立：${claim}。实测：${evidence}`);
  }
  console.log(`✓ 结论成立：${claim}（${evidence}）`);
}

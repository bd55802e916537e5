// Why a journey cannot be generated as written. Thrown wherever generation reads or bundles it;
// generateJourneys turns it into a GenerateProblem located at `at` in the journey file.

export class Refusal extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
  }
}

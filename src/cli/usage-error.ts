// A mistake in how the command was called: printed with its hint, exit code 2.
export class UsageError extends Error {
  readonly code = 'EUSAGE'
  constructor(
    message: string,
    readonly hint: string
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

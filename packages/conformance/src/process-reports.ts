/**
 * What the process reports while a scenario runs: warnings (`process.emitWarning`) and
 * uncaught exceptions, caught here rather than printed. The suite runs under any test
 * runner, so this takes the place of a spy library. `settle()` gives whatever a timer
 * would rethrow its turn; `restore()` puts the process back.
 */
export function captureProcessReports() {
  const warnings: unknown[] = []
  const uncaught: unknown[] = []
  const emitWarning = process.emitWarning
  const record = (error: unknown) => uncaught.push(error)
  process.emitWarning = (warning: string | Error) => void warnings.push(warning)
  process.on('uncaughtException', record)
  return {
    warnings,
    uncaught,
    settle: () => new Promise((resolve) => setTimeout(resolve, 20)),
    restore() {
      process.off('uncaughtException', record)
      process.emitWarning = emitWarning
    },
  }
}

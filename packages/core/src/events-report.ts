import type { AuthEvent, AuthEventListener } from './events.js'

/**
 * Calls the user's listener so that it can never break anything: an exception in it does
 * not change the outcome of the request that emitted the event, and does not crash the
 * process. The first exception of each listener is reported as a warning
 * (`process.emitWarning`, `LatchkeyListenerWarning`, where there is a `process`; else
 * `console.warn`); later ones are dropped, so a broken listener cannot flood the log.
 */
export function safeListener(listener: AuthEventListener | undefined): (event: AuthEvent) => void {
  if (listener === undefined) return () => {}
  let reported = false
  return (event) => {
    try {
      listener(event)
    } catch (error) {
      if (reported) return
      reported = true
      warn(error, event.type)
    }
  }
}

/** Reports a listener's exception once, as a `LatchkeyListenerWarning`; never throws. */
export function warn(error: unknown, type: string, what = 'onEvent listener'): void {
  const message = `${what} threw on a "${type}" event (reported once per listener): ${
    error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  }`
  try {
    const process = (globalThis as { process?: { emitWarning?: (...args: unknown[]) => void } })
      .process
    if (typeof process?.emitWarning === 'function')
      process.emitWarning(message, { type: 'LatchkeyListenerWarning', code: 'LATCHKEY_LISTENER' })
    else console.warn(message)
  } catch {
    // Reporting must not fail either.
  }
}

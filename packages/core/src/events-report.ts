import type { AuthEvent, AuthEventListener } from './events.js'

/**
 * Calls the user's listener the way an EventTarget calls its own: an exception in the
 * listener never changes the outcome of the request that emitted the event; it is
 * reported (reportError in a browser, an uncaught exception in Node.js), not swallowed.
 */
export function safeListener(listener: AuthEventListener | undefined): (event: AuthEvent) => void {
  if (listener === undefined) return () => {}
  return (event) => {
    try {
      listener(event)
    } catch (error) {
      const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
      if (report !== undefined) report(error)
      else
        setTimeout(() => {
          throw error
        })
    }
  }
}

import type { Suite } from '../suite.js'

/** A Debian package a group of scenarios starts for real. */
export interface Requirement {
  /** The group's title. */
  readonly title: string
  /** The program, named in the messages (`apache2`, `squid`). */
  readonly program: string
  /** The `need_apt` packages CI installs for it. */
  readonly packages: readonly string[]
  /** Whether it is installed here. */
  readonly available: () => boolean
}

/**
 * True when `requirement` is missing, after registering what stands for the group: a
 * failing test under CI=1 (CI must install it), a skipped group with a warning elsewhere.
 */
export function missing(suite: Suite, requirement: Requirement): boolean {
  if (requirement.available()) return false
  const { describe, it } = suite.test
  const { title, program, packages } = requirement
  if (globalThis.process?.env?.CI) {
    describe(title, () => {
      it(`needs ${program} (apt-get install ${packages.join(' ')})`, () => {
        throw new Error(
          `${program} is not installed: CI must install it (.ci/run: ${packages.map((name) => `need_apt ${name}`).join(', ')})`,
        )
      })
    })
  } else {
    console.warn(`${title}: skipped, ${program} is not installed`)
    describe.skip(`${title} (${program} not installed)`, () => {
      it(`needs ${program}`, () => {})
    })
  }
  return true
}

import { invalidConfig } from './invalid-config.js'

/** A required option: a non-empty string, or `INVALID_CONFIG` naming it. */
export function requireString(strategy: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidConfig(strategy, `${name} is required (a non-empty string)`)
  return value
}

/** An optional string option (`nonEmpty`: and not `''`), or `INVALID_CONFIG` naming it. */
export function optionalString(
  strategy: string,
  name: string,
  value: unknown,
  nonEmpty = false,
): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || (nonEmpty && value.length === 0))
    throw invalidConfig(strategy, `${name} must be a ${nonEmpty ? 'non-empty ' : ''}string`)
  return value
}

/**
 * The header changes that turn `before` into `after`: `[name, value]` to set, `[name, null]`
 * to remove. Adapters apply just these to their client's own header object, so whatever
 * the caller set there (casing, axios's `false` values) stays as it was.
 */
export function diffHeaders(before: Headers, after: Headers): [string, string | null][] {
  const changes: [string, string | null][] = []
  for (const [name, value] of after) if (before.get(name) !== value) changes.push([name, value])
  for (const name of before.keys()) if (!after.has(name)) changes.push([name, null])
  return changes
}

/** One row of the matrix: a strategy and scenario, with a result per adapter. */
export interface Row {
  readonly strategy: string
  readonly scenario: string
  /** Per adapter: passed, the reason it failed, or `null` where the scenario does not apply. */
  readonly results: readonly (true | string | null)[]
}

const pass = '✓'
const fail = '✗'
const notApplicable = '·'

/** Renders the matrix as aligned text; failures are listed below it with their reason. */
export function renderMatrix(adapters: readonly string[], rows: readonly Row[]): string {
  const header = ['strategy', 'scenario', ...adapters]
  const cells = rows.map((row) => [
    row.strategy,
    row.scenario,
    ...row.results.map((r) => (r === true ? pass : r === null ? notApplicable : fail)),
  ])
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]?.length ?? 0)),
  )
  const line = (values: readonly string[]) =>
    values.map((value, column) => value.padEnd(widths[column] ?? 0)).join('  ')
  const failures = rows.flatMap((row) =>
    row.results.flatMap((result, column) =>
      typeof result === 'string'
        ? [`${fail} ${adapters[column]} / ${row.strategy} / ${row.scenario}: ${result}`]
        : [],
    ),
  )
  return [
    line(header),
    line(widths.map((width) => '─'.repeat(width))),
    ...cells.map(line),
    '',
    ...failures,
  ].join('\n')
}

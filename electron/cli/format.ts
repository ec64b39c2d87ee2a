/** Aligned columns for human output; the last column is not padded so lines carry no trailing spaces. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "label  value" lines, indented, for details under a heading. */
export function labelled(details: Readonly<Record<string, string>>, indent = '  '): string {
  const width = Math.max(0, ...Object.keys(details).map((key) => key.length));
  return Object.entries(details)
    .map(([key, value]) => `${indent}${key.padEnd(width)}  ${value}`)
    .join('\n');
}

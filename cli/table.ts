/** One column of a {@link formatTable}: its header and how its cells line up. */
export type TableColumn = { header: string; align?: 'left' | 'right' };

/**
 * Lays rows out as a plain-text table: upper-case headers, columns two spaces apart, each as
 * wide as its widest cell, numbers right-aligned where the column says so. No borders and no
 * colour, so the output reads the same in a terminal, a CI log and a pasted ticket.
 *
 * @returns the table's lines (header first), without trailing spaces; only the header when
 *   there are no rows.
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header.toUpperCase())), ...rows.map(line)];
}

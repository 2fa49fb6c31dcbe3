"""Numbers as an aligned plain-text table, as a chapter prints its worked examples."""

from __future__ import annotations


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def format_table(headers, rows, precision=9) -> str:
    """Rows as an aligned text table: columns of numbers right-aligned, the first and text columns left.

    Numbers are printed with `precision` decimals; strings (e.g. a pre-formatted ``f"{x:.1e}"``)
    as they are. Every row must have one entry per header.
    """
    cells = [[str(h) for h in headers]]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"every row needs {len(headers)} entries (one per header), got {len(row)}")
        cells.append([value if isinstance(value, str) else f"{value:.{precision}f}" for value in row])
    widths = [max(len(row[c]) for row in cells) for c in range(len(headers))]
    numeric = [c > 0 and all(_is_number(row[c]) for row in cells[1:]) for c in range(len(headers))]

    def line(row):
        aligned = [cell.rjust(w) if right else cell.ljust(w) for cell, w, right in zip(row, widths, numeric)]
        return "  ".join(aligned).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])

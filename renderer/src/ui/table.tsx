import {
  memo,
  useCallback,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import { useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';

export interface Column<Row> {
  readonly key: string;
  readonly header: string;
  /** A CSS grid track, e.g. `minmax(140px, 2fr)`. */
  readonly width: string;
  /**
   * The cell's content. `active` is true for the row under the pointer and the row that last had the keyboard
   * focus: a column can leave its controls out of every other row (see useActiveRows).
   */
  readonly render: (row: Row, active: boolean) => ReactNode;
  readonly align?: 'start' | 'end';
  /** The cell's tooltip, e.g. the whole text its ellipsis cuts off. */
  readonly title?: (row: Row) => string | undefined;
  /** More classes on the cell itself (`cell-mono`, `cell-muted`), so a cell of plain text needs no element inside. */
  readonly className?: (row: Row) => string | undefined;
}

export interface TableProps<Row> {
  readonly label: string;
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  readonly rowKey: (row: Row) => string | number;
  readonly onRowClick?: (row: Row) => void;
  readonly rowHeight?: number;
  /** Shown instead of rows when there are none (e.g. "No devices match 'web'"). */
  readonly emptyMessage?: string;
}

/**
 * Rows kept rendered beyond the viewport, more ahead in the direction of scrolling than behind. The compositor
 * scrolls the rows already drawn before React hears of the scroll, so the rows ahead must cover one fast wheel event
 * (600 px, 14 rows): measured, 12 each way left the bottom of the view uncovered for 130 of 180 such events, 16
 * ahead for 0 to 2, at the same CPU.
 */
const ROWS_AHEAD = 16;
const ROWS_BEHIND = 4;

function rowsAround(range: Range, forward: boolean): number[] {
  const start = Math.max(0, range.startIndex - (forward ? ROWS_BEHIND : ROWS_AHEAD));
  const end = Math.min(range.count - 1, range.endIndex + (forward ? ROWS_AHEAD : ROWS_BEHIND));
  return Array.from({ length: Math.max(0, end - start + 1) }, (_, offset) => start + offset);
}

/**
 * The narrowest a row can be without its columns spilling out of it: the sum of the tracks' fixed minimums
 * (`80px`, `minmax(120px, 1fr)`). Rows contain their paint, so a column outside the row would not be drawn.
 */
function minimumRowWidth(columns: readonly Pick<Column<unknown>, 'width'>[]): number {
  return columns.reduce((sum, column) => sum + Number(/(\d+(?:\.\d+)?)px/.exec(column.width)?.[1] ?? 0), 0);
}

function cellClass(align: Column<unknown>['align'], extra?: string): string {
  const base = align === 'end' ? 'table__cell table__cell--end' : 'table__cell';
  return extra ? `${base} ${extra}` : base;
}

interface TableRowProps<Row> {
  readonly row: Row;
  readonly index: number;
  readonly start: number;
  readonly height: number;
  readonly template: string;
  readonly minWidth: number;
  readonly columns: readonly Column<Row>[];
  readonly onRowClick: ((row: Row) => void) | undefined;
  readonly active: boolean;
}

/**
 * One positioned row. Memoised: while scrolling, rows that stay in view keep their props and are not rendered
 * again, so a frame only renders the rows that scroll in. Rows are keyed by device, not by slot: reusing slots was
 * measured to cost more DOM work and to break focus and tab order. A row is placed with `top`, not a transform: a
 * keyed row never moves while scrolling, and a transform made every row a paint layer of its own, which the
 * compositing update and pre-paint then walked on every frame (measured: a third less time in both).
 */
const TableRow = memo(function TableRow<Row>({
  row,
  index,
  start,
  height,
  template,
  minWidth,
  columns,
  onRowClick,
  active,
}: TableRowProps<Row>) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={onRowClick ? 'table__row table__row--clickable' : 'table__row'}
      style={{ gridTemplateColumns: template, minWidth, height, top: start }}
      onClick={onRowClick ? () => onRowClick(row) : undefined}
    >
      {columns.map((column) => (
        <div
          key={column.key}
          role="cell"
          className={cellClass(column.align, column.className?.(row))}
          title={column.title?.(row)}
        >
          {column.render(row, active)}
        </div>
      ))}
    </div>
  );
}) as <Row>(props: TableRowProps<Row>) => ReactNode;

/** The data row an event happened in, by its `aria-rowindex` (the header row is 1). */
function rowIndexOf(target: EventTarget): number | undefined {
  const row = target instanceof Element ? target.closest('[aria-rowindex]') : null;
  const rowIndex = Number(row?.getAttribute('aria-rowindex'));
  return rowIndex >= 2 ? rowIndex - 2 : undefined;
}

/**
 * Which rows are active: the one under the pointer and the one that last had the keyboard focus, by key. The focused
 * row stays active after the focus leaves the table, so that a dialog one of its buttons opened can give the focus
 * back to that button when it closes. Both are set from events on the table's body, not from a listener per row.
 */
function useActiveRows<Row>(rows: readonly Row[], rowKey: (row: Row) => string | number) {
  const [hovered, setHovered] = useState<string | number | null>(null);
  const [focused, setFocused] = useState<string | number | null>(null);
  const keyAt = (target: EventTarget): string | number | null => {
    const index = rowIndexOf(target);
    const row = index === undefined ? undefined : rows[index];
    return row === undefined ? null : rowKey(row);
  };
  return {
    isActive: (key: string | number) => key === hovered || key === focused,
    bodyEvents: {
      onPointerOver: (event: PointerEvent) => setHovered(keyAt(event.target)),
      onPointerLeave: () => setHovered(null),
      onFocus: (event: FocusEvent) => setFocused(keyAt(event.target)),
    },
  };
}

/**
 * A table that renders only the rows in view (plus a margin), with fixed-height rows so scrolling 100,000 rows
 * costs the same as scrolling 100. Built on ARIA table roles because the rows are positioned, not flowed.
 */
export function Table<Row>({
  label,
  rows,
  columns,
  rowKey,
  onRowClick,
  rowHeight = 44,
  emptyMessage,
}: TableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The range extractor runs inside the virtualizer and needs its scroll direction: a ref breaks the cycle.
  const virtualizerRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => rowsAround(range, virtualizerRef.current?.scrollDirection !== 'backward'),
    [],
  );
  // The build does not use the React Compiler, and the virtualizer re-rendering this component on scroll is the point.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    rangeExtractor,
    // useFlushSync stays on (the default): measured, deferring the render to React's scheduler gave fewer frames.
  });
  const template = useMemo(() => columns.map((column) => column.width).join(' '), [columns]);
  const minWidth = useMemo(() => minimumRowWidth(columns), [columns]);
  virtualizerRef.current = virtualizer;
  const items = virtualizer.getVirtualItems();
  const activeRows = useActiveRows(rows, rowKey);

  return (
    <div className="table" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className="table__scroll" ref={scrollRef}>
        <div className="table__head" role="rowgroup">
          <div
            className="table__row table__row--head"
            role="row"
            aria-rowindex={1}
            style={{ gridTemplateColumns: template, minWidth }}
          >
            {columns.map((column) => (
              <div key={column.key} role="columnheader" className={cellClass(column.align)}>
                {column.header}
              </div>
            ))}
          </div>
        </div>
        <div
          className="table__body"
          role="rowgroup"
          style={{ height: virtualizer.getTotalSize() }}
          {...activeRows.bodyEvents}
        >
          {items.map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            const key = rowKey(row);
            return (
              <TableRow
                key={key}
                row={row}
                index={item.index}
                start={item.start}
                height={rowHeight}
                template={template}
                minWidth={minWidth}
                columns={columns}
                onRowClick={onRowClick}
                active={activeRows.isActive(key)}
              />
            );
          })}
        </div>
        {rows.length === 0 && emptyMessage ? <p className="table__empty">{emptyMessage}</p> : null}
      </div>
    </div>
  );
}

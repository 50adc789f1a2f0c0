// Windowing for long lists and tables of rows of one height, on TanStack Virtual: only the rows in
// view (plus a few either side) are in the document, so 100,000 rows scroll as smoothly as 100. A
// header (the column names) is drawn above the rows and kept in view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type HTMLAttributes, type ReactNode, type RefObject } from 'react';

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  rowHeight: number;
  overscan?: number;
  /** Drawn above the rows and kept in view (position: sticky). */
  header?: ReactNode;
  /** The content's least width when it may be wider than the viewport (tables): a CSS length. */
  contentMinWidth?: string;
  renderRow(index: number): ReactNode;
  /** Scrolls so this row is in view whenever it changes. */
  ensureVisible?: number | null;
  /** Back to the top whenever this changes (a new filter, a new question). */
  resetKey?: unknown;
  /** Told the rows [start, end) drawn whenever they change: a list fetching its rows as they come into view. */
  onRange?: (start: number, end: number) => void;
  /** The scrolling element (the list itself). */
  ref?: RefObject<HTMLDivElement | null>;
}

export function VirtualList({
  count,
  rowHeight,
  overscan = 8,
  header,
  contentMinWidth,
  renderRow,
  ensureVisible,
  resetKey,
  onRange,
  className,
  ref,
  ...rest
}: VirtualListProps) {
  const own = useRef<HTMLDivElement>(null);
  const scroller = ref ?? own;
  const headerRef = useRef<HTMLDivElement>(null);
  const [headerHeight, setHeaderHeight] = useState(0);

  const hasHeader = header !== undefined;
  useLayoutEffect(() => {
    const el = headerRef.current;
    if (!el) return;
    const measure = () => setHeaderHeight(el.offsetHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasHeader]);

  // The rows start below the header (scrollMargin), and a row scrolled to stops below it, not under it (scrollPaddingStart).
  const rows = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: useCallback(() => rowHeight, [rowHeight]),
    overscan,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });

  useEffect(() => rows.scrollToOffset(0), [rows, resetKey]);
  useEffect(() => {
    if (ensureVisible !== null && ensureVisible !== undefined && ensureVisible >= 0 && ensureVisible < count)
      rows.scrollToIndex(ensureVisible);
  }, [rows, ensureVisible, count]);

  const items = rows.getVirtualItems();
  const start = items[0]?.index ?? 0;
  const end = items.length > 0 ? items[items.length - 1].index + 1 : 0;
  useEffect(() => onRange?.(start, end), [onRange, start, end]);

  return (
    <div ref={scroller} className={className ? `vlist ${className}` : 'vlist'} {...rest}>
      <div className="vlist-content" style={contentMinWidth ? { minWidth: `max(100%, ${contentMinWidth})` } : undefined}>
        {header !== undefined && (
          <div ref={headerRef} className="vlist-header">
            {header}
          </div>
        )}
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          <div style={{ transform: `translateY(${(items[0]?.start ?? headerHeight) - headerHeight}px)` }}>
            {items.map((item) => renderRow(item.index))}
          </div>
        </div>
      </div>
    </div>
  );
}

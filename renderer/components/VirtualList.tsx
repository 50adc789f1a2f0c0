// Windowing for long lists and tables: rows have one fixed height, and only the rows in view (plus a
// few either side) are in the document, so 100,000 rows scroll as smoothly as 100.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react';

export interface WindowRange {
  start: number;
  end: number;
}

/** Rows [start, end) to draw for a viewport: pure, so it is unit-tested. */
export function windowRange(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan: number): WindowRange {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start: Math.min(start, end), end };
}

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  rowHeight: number;
  overscan?: number;
  /** Drawn above the rows and kept in view (position: sticky). */
  header?: ReactNode;
  /** Width of the content when it is wider than the viewport (tables). */
  contentWidth?: number;
  renderRow(index: number): ReactNode;
  /** Scrolls so this row is in view whenever it changes. */
  ensureVisible?: number | null;
  /** Back to the top whenever this changes (a new filter, a new question). */
  resetKey?: unknown;
  /** Told the rows [start, end) drawn whenever they change: a list fetching its rows as they come into view. */
  onRange?: (start: number, end: number) => void;
}

export function VirtualList({
  count,
  rowHeight,
  overscan = 8,
  header,
  contentWidth,
  renderRow,
  ensureVisible,
  resetKey,
  onRange,
  className,
  ...rest
}: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [headerHeight, setHeaderHeight] = useState(0);

  const hasHeader = header !== undefined;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setViewport(el.clientHeight);
      setHeaderHeight(headerRef.current?.offsetHeight ?? 0);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (headerRef.current) observer.observe(headerRef.current);
    return () => observer.disconnect();
  }, [hasHeader]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el) setScrollTop(el.scrollTop);
  }, []);

  // A shorter list (new filter) may leave the scroll position past its end: read it again.
  useEffect(() => {
    const el = scroller.current;
    if (el) setScrollTop(el.scrollTop);
  }, [count]);

  useEffect(() => {
    const el = scroller.current;
    if (el) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [resetKey]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || ensureVisible === null || ensureVisible === undefined || ensureVisible < 0) return;
    const top = headerHeight + ensureVisible * rowHeight;
    const bottom = top + rowHeight;
    if (top < el.scrollTop + headerHeight) el.scrollTop = top - headerHeight;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  }, [ensureVisible, rowHeight, headerHeight]);

  const { start, end } = windowRange(count, rowHeight, scrollTop - headerHeight, viewport - headerHeight, overscan);
  useEffect(() => onRange?.(start, end), [onRange, start, end]);
  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) rows.push(renderRow(i));

  return (
    <div ref={scroller} className={className ? `vlist ${className}` : 'vlist'} onScroll={onScroll} {...rest}>
      <div className="vlist-content" style={contentWidth ? { width: contentWidth } : undefined}>
        {header !== undefined && (
          <div ref={headerRef} className="vlist-header">
            {header}
          </div>
        )}
        <div style={{ height: count * rowHeight, position: 'relative' }}>
          <div style={{ transform: `translateY(${start * rowHeight}px)` }}>{rows}</div>
        </div>
      </div>
    </div>
  );
}

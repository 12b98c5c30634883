// The contact and company lists' one component: a debounced search, the filter bar,
// saved views, and a table whose rows are virtualised (only those in view are in the
// DOM, so 100,000 contacts scroll like 50) and loaded page by page by cursor as the
// end comes into view. Column headers sort (aria-sort); each row's name is a link to
// the record, and the arrow keys move between rows.
import { Button, Link, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowDownRegular, ArrowUpRegular } from '@fluentui/react-icons';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { hrefOf } from '../routes.ts';
import { ListFilters } from './ListFilters.tsx';
import { isFiltered, type ListEntity, type ListSort, type ListState } from './list-state.ts';
import { useListStrings } from './strings.ts';

export type Column<Row> = {
  key: string;
  label: string;
  /** The sort this column's header applies; none: not sortable. */
  sort?: ListSort;
  /** A CSS grid track, e.g. 'minmax(12rem, 2fr)'. */
  width: string;
  render: (row: Row) => ReactNode;
};

type Page<Row> = { items: Row[]; nextCursor: string | null };

const ROW_HEIGHT = 44;
/** Ask for the next page when this few loaded rows are left below the view. */
const PREFETCH_ROWS = 20;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minHeight: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  table: {
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    display: 'grid',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    paddingInline: tokens.spacingHorizontalM,
    boxSizing: 'border-box',
  },
  header: {
    minHeight: `${ROW_HEIGHT}px`,
    borderBlockEndWidth: tokens.strokeWidthThin,
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
    fontWeight: tokens.fontWeightSemibold,
  },
  body: { height: 'calc(100vh - 22rem)', minHeight: '16rem', overflowY: 'auto', position: 'relative' },
  bodyRow: {
    position: 'absolute',
    insetInlineStart: 0,
    width: '100%',
    height: `${ROW_HEIGHT}px`,
    borderBlockEndWidth: tokens.strokeWidthThin,
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke3,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-within': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  sortButton: { justifyContent: 'flex-start', paddingInline: 0, minWidth: 0, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  state: { padding: tokens.spacingHorizontalL },
});

export function RecordList<Row extends { id: string }>(props: {
  entity: ListEntity;
  page: 'contacts' | 'companies';
  heading: string;
  columns: Column<Row>[];
  state: ListState;
  onChange: (next: ListState) => void;
  pages: UseInfiniteQueryResult<InfiniteData<Page<Row>>>;
}) {
  const styles = useStyles();
  const t = useListStrings();
  const { pages, state, columns } = props;
  const rows = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  const grid = { gridTemplateColumns: columns.map((c) => c.width).join(' ') };
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions are read in this render only, never memoised
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // jsdom and the first render have no layout: assume a screenful.
    initialRect: { width: 1000, height: 16 * ROW_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && lastShown >= rows.length - PREFETCH_ROWS) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage, lastShown, rows.length]);
  // A new search or filter starts at the top.
  const stateKey = JSON.stringify({ ...state, viewId: null });
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [stateKey]);

  const sortBy = (sort: ListSort) => {
    const order = state.sort === sort ? (state.order === 'asc' ? 'desc' : 'asc') : sort === 'name' ? 'asc' : 'desc';
    props.onChange({ ...state, sort, order });
  };

  /** Arrow keys move between rows (scrolling the next into view); Home and End go to the ends. */
  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = event.target instanceof Element ? event.target.closest('[data-index]') : null;
    if (!row) return;
    const index = Number(row.getAttribute('data-index'));
    const to =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'Home' && event.ctrlKey
            ? 0
            : event.key === 'End' && event.ctrlKey
              ? rows.length - 1
              : null;
    if (to === null || to < 0 || to >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(to);
    requestAnimationFrame(() => {
      scroller.current?.querySelector<HTMLAnchorElement>(`[data-index="${to}"] a`)?.focus();
    });
  };

  const headingId = `${props.page}-heading`;
  return (
    <section className={styles.page} aria-labelledby={headingId} data-testid={`page-${props.page}`}>
      <h2 id={headingId} className={styles.heading}>
        {props.heading}
      </h2>
      <ListFilters entity={props.entity} state={state} onChange={props.onChange} />
      {pages.isPending ? (
        <Loading />
      ) : pages.isError && rows.length === 0 ? (
        <ProblemBar error={pages.error} onRetry={() => void pages.refetch()} />
      ) : (
        <div
          role="table"
          aria-labelledby={headingId}
          aria-rowcount={hasNextPage ? -1 : rows.length + 1}
          className={styles.table}
          data-testid="record-table"
        >
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className={mergeClasses(styles.row, styles.header)} style={grid}>
              {columns.map(({ key, label, sort }) => (
                <div
                  key={key}
                  role="columnheader"
                  className={styles.cell}
                  aria-sort={
                    sort && sort === state.sort
                      ? state.order === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : sort
                        ? 'none'
                        : undefined
                  }
                >
                  {sort ? (
                    <Button
                      appearance="transparent"
                      size="small"
                      className={styles.sortButton}
                      onClick={() => sortBy(sort)}
                      icon={
                        sort === state.sort ? (
                          state.order === 'asc' ? (
                            <ArrowUpRegular />
                          ) : (
                            <ArrowDownRegular />
                          )
                        ) : undefined
                      }
                      iconPosition="after"
                      title={t('sortBy', { column: label })}
                    >
                      {label}
                    </Button>
                  ) : (
                    label
                  )}
                </div>
              ))}
            </div>
          </div>
          {rows.length === 0 ? (
            <div role="rowgroup">
              <div role="row">
                <div role="cell" className={styles.state} data-testid="list-empty">
                  <Text>{isFiltered(state) ? t('noMatch') : t(`empty.${props.entity}`)}</Text>
                </div>
              </div>
            </div>
          ) : (
            <div role="rowgroup" ref={scroller} className={styles.body} data-testid="record-rows">
              <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {items.map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  return (
                    <div
                      key={row.id}
                      role="row"
                      aria-rowindex={item.index + 2}
                      data-index={item.index}
                      data-testid="record-row"
                      tabIndex={-1}
                      onKeyDown={moveFocus}
                      className={mergeClasses(styles.row, styles.bodyRow)}
                      style={{ ...grid, transform: `translateY(${item.start}px)` }}
                    >
                      {columns.map((column) => (
                        <div key={column.key} role="cell" className={styles.cell}>
                          {column.render(row)}
                        </div>
                      ))}
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
      )}
      {isFetchingNextPage && <Loading label={t('loadingMore')} />}
      {isFetchNextPageError && (
        <ProblemBar error={pages.error} onRetry={() => void fetchNextPage()} testId="next-page-problem" />
      )}
    </section>
  );
}

/** A row's link to its record: the name, focusable, Enter opens. */
export function RecordLink(props: { page: 'contacts' | 'companies'; id: string; children: ReactNode }) {
  return (
    <Link href={hrefOf({ page: props.page, id: props.id })} data-testid="record-link">
      {props.children}
    </Link>
  );
}

export function useMutedStyle() {
  return useStyles().muted;
}

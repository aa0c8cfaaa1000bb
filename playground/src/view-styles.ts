// Styles every tab's element shares (shadow DOM; the colours are the page's
// variables from styles.css, light and dark): the scrolling pane, tables, banners.
import { css } from "lit";

/** A tab's element: a scrolling pane with the page's font and colours. */
export const paneStyles = css`
  :host {
    display: block;
    height: 100%;
    min-height: 0;
    overflow: auto;
    padding: 12px 16px 24px;
    font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
    color: var(--fg);
    background: var(--bg);
  }
`;

/** Report tables: ruled rows, small muted headers, numbers right-aligned (class "n"). */
export const tableStyles = css`
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: left;
    padding: 4px 6px;
    border-bottom: 1px solid var(--border);
    vertical-align: top;
  }
  th {
    font-size: 11px;
    color: var(--muted);
    font-weight: 600;
    white-space: nowrap;
  }
  td.n,
  th.n {
    text-align: right;
    white-space: nowrap;
  }
`;

/** A notice above a view's content: a warning, or with class "error" an error. */
export const bannerStyles = css`
  .banner {
    margin: 0 0 12px;
    padding: 8px 12px;
    border-radius: 6px;
    border: 1px solid var(--warn-border);
    background: var(--warn-bg);
  }
  .banner.error {
    border-color: var(--bad);
    background: var(--bad-bg);
  }
`;

// Styles shared by the Compare and Explain tabs (shadow DOM; the colours are
// the page's variables from styles.css, light and dark).
import { css } from "lit";
import { bannerStyles, paneStyles, tableStyles } from "../view-styles.ts";

export const viewStyles = css`
  ${paneStyles}
  ${tableStyles}
  h2 {
    font-size: 16px;
    margin: 0 0 8px;
  }
  h3 {
    font-size: 14px;
    margin: 18px 0 6px;
    padding-bottom: 3px;
    border-bottom: 1px solid var(--border);
  }
  p {
    margin: 4px 0 8px;
  }
  button {
    font: inherit;
    color: var(--fg);
    background: var(--panel);
    border: 1px solid var(--border);
    border-radius: 6px;
    padding: 4px 12px;
    cursor: pointer;
  }
  button:hover {
    background: var(--hover);
  }
  /* --on-accent: text on the accent with AA contrast in both schemes (styles.css) */
  button.primary {
    color: var(--on-accent, #fff);
    background: var(--accent);
    border-color: var(--accent);
    font-weight: 600;
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 1px;
  }
  button.lead {
    padding: 0 6px;
    border-radius: 4px;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 12px;
    color: var(--accent);
    background: none;
    border-color: transparent;
    text-decoration: underline;
  }
  button.lead:hover {
    background: var(--hover);
  }
  .bar {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    margin-bottom: 10px;
  }
  .muted {
    color: var(--muted);
  }
  .ok {
    color: var(--ok);
  }
  .bad {
    color: var(--bad);
  }
  ${bannerStyles}
  code,
  .mono,
  pre {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 12px;
  }
  pre {
    margin: 0;
    padding: 10px 12px;
    border: 1px solid var(--border);
    border-radius: 6px;
    background: var(--panel);
    white-space: pre;
    overflow-x: auto;
    line-height: 1.5;
  }
  ul {
    margin: 4px 0 8px;
    padding-left: 20px;
  }
  .wrap {
    overflow-x: auto;
  }
  /* the current side's data-fit notices (as sla-results.ts lists them) */
  ul.data-fit li.why {
    color: var(--bad);
    font-weight: 600;
  }
  ul.data-fit li.ignored {
    color: var(--muted);
    list-style: none;
  }
  ul.data-fit li.rejected code {
    color: var(--bad);
  }
  ul.data-fit .new {
    font-weight: 600;
  }
  .stale {
    opacity: 0.55;
  }
`;

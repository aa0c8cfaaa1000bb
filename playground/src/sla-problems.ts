// The problems list under the editor: every diagnostic with its code, message,
// help and position; clicking one moves the cursor there ("reveal" event). A
// problem with exactly one structured fix gets a button that applies it
// ("apply-fix" event with Monaco-ready edits).
import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { type Diagnostic, LineIndex } from "../../language/diagnostics.ts";
import { codeTitle, type QuickFix, quickFixes } from "./markers.ts";

export interface RevealDetail {
  offset: number;
  end: number;
}

export interface ApplyFixDetail {
  title: string;
  edits: QuickFix["edits"];
}

export class SlaProblems extends LitElement {
  static override properties = {
    diagnostics: { attribute: false },
    text: { attribute: false },
  };

  declare diagnostics: readonly Diagnostic[];
  /** the source the diagnostics are about (for line and column) */
  declare text: string;

  constructor() {
    super();
    this.diagnostics = [];
    this.text = "";
  }

  static override styles = css`
    :host {
      display: block;
      overflow: auto;
      font: 12.5px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      color: var(--fg);
      background: var(--panel);
      border-top: 1px solid var(--border);
    }
    header {
      position: sticky;
      top: 0;
      padding: 4px 12px;
      font-size: 11px;
      font-weight: 600;
      letter-spacing: 0.04em;
      text-transform: uppercase;
      color: var(--muted);
      background: var(--panel);
      border-bottom: 1px solid var(--border);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: 16px auto 1fr auto;
      gap: 8px;
      padding: 4px 12px;
      cursor: pointer;
      align-items: baseline;
    }
    li:hover {
      background: var(--hover);
    }
    .icon.error {
      color: var(--bad);
    }
    .icon.warning {
      color: var(--warn);
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 12px;
      color: var(--muted);
    }
    .help {
      color: var(--muted);
    }
    .help::before {
      content: "help: ";
      font-weight: 600;
    }
    button.fix {
      font: inherit;
      font-size: 11.5px;
      margin-top: 2px;
      padding: 0 6px;
      color: var(--fg);
      background: var(--hover);
      border: 1px solid var(--border);
      border-radius: 3px;
      cursor: pointer;
    }
    .pos {
      color: var(--muted);
      font-variant-numeric: tabular-nums;
    }
    .clean {
      padding: 6px 12px;
      color: var(--ok);
    }
  `;

  override render(): TemplateResult {
    const idx = new LineIndex(this.text);
    const n = this.diagnostics.length;
    return html`<header>Problems${n ? ` (${n})` : ""}</header>
      ${
        n === 0
          ? html`<div class="clean">No problems: the SLA checks clean.</div>`
          : html`<ul data-testid="problems">
            ${this.diagnostics.map((d) => {
              const p = idx.position(d.range.start);
              const [fix] = quickFixes(this.text, d, idx).filter((f) => f.preferred);
              return html`<li title=${codeTitle(d.code)} @click=${() => this.reveal(d)}>
                <span class="icon ${d.severity}">${d.severity === "error" ? "✖" : "⚠"}</span>
                <code>${d.code}</code>
                <span
                  >${d.message}${d.help ? html`<div class="help">${d.help}</div>` : nothing}${
                    fix
                      ? html`<button class="fix" data-testid="fix" @click=${(e: Event) => this.applyFix(e, fix)}>
                          ${fix.title}
                        </button>`
                      : nothing
                  }</span
                >
                <span class="pos">${p.line}:${p.col}</span>
              </li>`;
            })}
          </ul>`
      }`;
  }

  private applyFix(e: Event, fix: QuickFix): void {
    e.stopPropagation(); // not also a "reveal"
    this.dispatchEvent(
      new CustomEvent<ApplyFixDetail>("apply-fix", {
        detail: { title: fix.title, edits: fix.edits },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private reveal(d: Diagnostic): void {
    this.dispatchEvent(
      new CustomEvent<RevealDetail>("reveal", {
        detail: { offset: d.range.start, end: d.range.end },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("sla-problems", SlaProblems);

declare global {
  interface HTMLElementTagNameMap {
    "sla-problems": SlaProblems;
  }
}

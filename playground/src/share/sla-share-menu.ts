// The header's "Copy link" button and "Download" menu (the .sla, the report as
// HTML and Markdown, the diff against the pinned baseline as Markdown).
// Keyboard: the menu button opens with Enter/Space/ArrowDown (ArrowUp: last
// item), arrows/Home/End move, Escape closes and returns focus, Tab closes
// (WAI-ARIA menu button pattern). Light DOM: the header's styles apply.
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { type DownloadKind, downloadFile, saveFile } from "./downloads.ts";

/** What the menu needs from the worker (a slice of the playground's api). */
export interface ShareSource {
  reportHtml(): Promise<string | null>;
  reportMarkdown(): Promise<string | null>;
  compare(): Promise<string | null>;
}

interface Item {
  kind: DownloadKind;
  label: string;
  disabled: boolean;
  hint?: string;
}

export class SlaShareMenu extends LitElement {
  static override properties = {
    text: { attribute: false },
    pinned: { type: Boolean },
    hasReport: { type: Boolean, attribute: "has-report" },
    open: { state: true },
    note: { state: true },
  };

  /** the spec in the editor */
  declare text: string;
  /** a baseline is pinned (the diff is available) */
  declare pinned: boolean;
  /** a report exists (the spec was simulated at least once) */
  declare hasReport: boolean;
  declare open: boolean;
  declare note: string;
  /** set by the shell: the worker's api */
  source: ShareSource | null = null;
  /** set by the shell: the link to copy, up to date (writes the hash first) */
  link: () => string = () => location.href;
  /** the last link copied (tests read it: clipboard access needs a permission) */
  lastLink = "";
  private noteTimer: ReturnType<typeof setTimeout> | undefined;
  private onDocClick = (e: MouseEvent) => {
    if (this.open && !e.composedPath().includes(this)) this.open = false;
  };

  constructor() {
    super();
    this.text = "";
    this.pinned = false;
    this.hasReport = false;
    this.open = false;
    this.note = "";
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.onDocClick);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("click", this.onDocClick);
    clearTimeout(this.noteTimer);
  }

  private items(): Item[] {
    return [
      { kind: "sla", label: "Spec (.sla)", disabled: false },
      { kind: "report-html", label: "Report (HTML)", disabled: !this.hasReport, hint: "no report yet" },
      { kind: "report-md", label: "Report (Markdown)", disabled: !this.hasReport, hint: "no report yet" },
      {
        kind: "diff-md",
        label: "Diff against the baseline (Markdown)",
        disabled: !this.pinned,
        hint: "pin a baseline first",
      },
    ];
  }

  override render(): TemplateResult {
    return html`
      <div class="share" role="group" aria-label="Share and download">
        <button class="btn ghost" type="button" data-testid="copy-link" title="Copy a link that opens this spec (and the pinned baseline, the open tab) as you see it" @click=${() => this.copyLink()}>Copy link</button>
        <div class="menu-wrap">
          <button
            class="btn ghost"
            type="button"
            id="download-button"
            data-testid="download-menu"
            aria-haspopup="menu"
            aria-expanded=${this.open ? "true" : "false"}
            aria-controls="download-menu"
            @click=${() => this.toggle()}
            @keydown=${(e: KeyboardEvent) => this.buttonKey(e)}
          >Download <span aria-hidden="true">▾</span></button>
          ${
            this.open
              ? html`<div class="menu" id="download-menu" role="menu" aria-labelledby="download-button" @keydown=${(e: KeyboardEvent) => this.menuKey(e)}>
                ${this.items().map(
                  (it) => html`<button
                    type="button"
                    role="menuitem"
                    tabindex="-1"
                    data-testid=${`download-${it.kind}`}
                    aria-disabled=${it.disabled ? "true" : "false"}
                    title=${it.disabled ? (it.hint ?? "") : ""}
                    @click=${() => this.choose(it)}
                  >${it.label}${it.disabled && it.hint ? html` <span class="hint">(${it.hint})</span>` : nothing}</button>`,
                )}
              </div>`
              : nothing
          }
        </div>
        <span class="note" role="status" data-testid="share-note">${this.note}</span>
      </div>
    `;
  }

  private menuItems(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private async toggle(focus: "first" | "last" | null = "first"): Promise<void> {
    this.open = !this.open;
    if (this.open && focus) {
      await this.updateComplete;
      const items = this.menuItems();
      (focus === "first" ? items[0] : items[items.length - 1])?.focus();
    }
  }

  private buttonKey(e: KeyboardEvent): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      this.open = false;
      void this.toggle(e.key === "ArrowDown" ? "first" : "last");
    }
  }

  private menuKey(e: KeyboardEvent): void {
    const items = this.menuItems();
    const i = items.indexOf(document.activeElement as HTMLElement);
    const move = (n: number) => items[(n + items.length) % items.length]?.focus();
    switch (e.key) {
      case "ArrowDown":
        move(i + 1);
        break;
      case "ArrowUp":
        move(i - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(items.length - 1);
        break;
      case "Escape":
        this.close(true);
        break;
      case "Tab":
        this.open = false;
        return; // let the focus move on
      default:
        return;
    }
    e.preventDefault();
  }

  private close(refocus: boolean): void {
    this.open = false;
    if (refocus) this.querySelector<HTMLElement>("#download-button")?.focus();
  }

  private flash(note: string): void {
    this.note = note;
    clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => (this.note = ""), 4000);
  }

  async copyLink(): Promise<string> {
    const link = this.link();
    this.lastLink = link;
    try {
      await navigator.clipboard.writeText(link);
      this.flash(`Link copied (${link.length.toLocaleString("en-US")} characters)`);
    } catch {
      // no clipboard access (permission, insecure page): let the address bar do it
      this.flash("Copy the address bar: it holds the link");
    }
    return link;
  }

  private async choose(it: Item): Promise<void> {
    if (it.disabled) {
      this.flash(`Not available: ${it.hint}`);
      return;
    }
    this.close(true);
    const content = await this.content(it.kind);
    if (content === null) {
      this.flash(`Not available: ${it.hint ?? "nothing to download"}`);
      return;
    }
    const file = downloadFile(it.kind, this.text);
    saveFile(file, content);
    this.flash(`Downloaded ${file.name}`);
  }

  private async content(kind: DownloadKind): Promise<string | null> {
    const s = this.source;
    switch (kind) {
      case "sla":
        return this.text;
      case "report-html":
        return s ? s.reportHtml() : null;
      case "report-md":
        return s ? s.reportMarkdown() : null;
      case "diff-md":
        return s ? s.compare() : null;
    }
  }
}

customElements.define("sla-share-menu", SlaShareMenu);

declare global {
  interface HTMLElementTagNameMap {
    "sla-share-menu": SlaShareMenu;
  }
}

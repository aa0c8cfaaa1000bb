// Keeps the page's URL hash in step with what is on screen (the shell calls
// `schedule` after each analyzed edit, tab switch or pin) without adding
// history entries, and reads it back at load. The hash wins over the copy kept
// in localStorage: a link opens what was shared.
import { type DecodeResult, decodeState, encodeState, type SharedState } from "./url-state.ts";

/** Browsers cut URLs around 2 MB; a state that does not fit is not written (the previous link stays). */
const MAX_URL_CHARS = 2_000_000;

export class HashSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: SharedState | null = null;
  private written = "";
  private listener: (() => void) | null = null;

  constructor(private readonly delayMs = 300) {}

  /** The shared state in the page's hash at load (none, ok, or a message for the page). */
  initial(): DecodeResult {
    const r = decodeState(location.hash);
    if (r.kind === "ok") this.written = location.hash;
    return r;
  }

  /** Writes `state` into the hash after a short quiet time (typing does not rewrite the URL on every key). */
  schedule(state: SharedState): void {
    this.pending = state;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Writes what is scheduled now; returns the page's link. */
  flush(): string {
    clearTimeout(this.timer);
    const s = this.pending;
    this.pending = null;
    if (s) {
      const hash = encodeState(s);
      const base = location.href.replace(/#.*$/, "");
      if (base.length + hash.length <= MAX_URL_CHARS && hash !== location.hash) {
        history.replaceState(history.state, "", hash);
        this.written = hash;
      }
    }
    return location.href;
  }

  /** Calls `onLink` when the user puts another link into the address bar of this page. */
  watch(onLink: (r: DecodeResult) => void): void {
    this.unwatch();
    this.listener = () => {
      if (location.hash !== this.written) onLink(decodeState(location.hash));
    };
    window.addEventListener("hashchange", this.listener);
  }

  unwatch(): void {
    clearTimeout(this.timer);
    if (this.listener) window.removeEventListener("hashchange", this.listener);
    this.listener = null;
  }
}

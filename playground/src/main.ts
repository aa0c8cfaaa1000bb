// Entry point: global styles, then the <sla-playground> element (which pulls in
// Monaco, the language front end and the engine; all client-side).
import "./styles.css";
import "./sla-playground.ts";
import { registerOffline } from "./share/offline.ts";

registerOffline();

// The analysis worker: every parse, check, preparation and replay of the
// playground happens here, off the page's main thread (see session.ts).
import { API_METHODS } from "./protocol.ts";
import { expose, type Port } from "./rpc.ts";
import { Session } from "./session.ts";

expose(new Session(), API_METHODS, self as unknown as Port);

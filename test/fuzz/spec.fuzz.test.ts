// See ci.ts: the CI-sized run of the spec fuzzer.
import { ciFuzz } from "./ci.ts";

ciFuzz("spec");

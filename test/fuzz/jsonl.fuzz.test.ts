// See ci.ts: the CI-sized run of the jsonl fuzzer.
import { ciFuzz } from "./ci.ts";

ciFuzz("jsonl");

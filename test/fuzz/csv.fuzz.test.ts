// See ci.ts: the CI-sized run of the csv fuzzer.
import { ciFuzz } from "./ci.ts";

ciFuzz("csv");

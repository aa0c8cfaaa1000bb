#!/usr/bin/env node
// Entry point for `npx sla`: runs the TypeScript CLI with no build step
// (see build.js: compiled once into a cached module, or loaded through tsx).
import { cliEntry } from "./build.js";

const { main } = await import(await cliEntry());
process.exitCode = await main(process.argv.slice(2));

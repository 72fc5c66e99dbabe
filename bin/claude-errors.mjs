#!/usr/bin/env node
// Root bin: the CLI lives in the `cli` workspace; this launcher only forwards to it.
import '../cli/dist/main.js';

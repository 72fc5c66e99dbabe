#!/usr/bin/env node
// Launcher committed with its executable bit, so the bin works before and after `npm run build`.
import "../dist/main.js";

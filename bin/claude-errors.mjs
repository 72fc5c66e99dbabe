#!/usr/bin/env node
// Root bin: the CLI lives in the cli workspace.
import "../cli/bin/claude-errors.mjs";

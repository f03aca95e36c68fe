#!/usr/bin/env node
// The `amends` command. Sources are TypeScript; tsx compiles them on the fly (cached), so a fresh
// clone runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');

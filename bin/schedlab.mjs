#!/usr/bin/env node
// schedlab's command line: runs engine/cli.ts through tsx (TypeScript without a build step).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../engine/cli.ts');
run();

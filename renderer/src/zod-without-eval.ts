import { config } from 'zod/v4/core';

// zod compiles fast parsers with `new Function` unless told not to. The CSP forbids eval, and even zod's probe
// for it (caught, but still reported) would log a CSP violation in every window.
config({ jitless: true });

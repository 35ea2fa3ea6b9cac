/**
 * The one zod import of the project: `import * as z from '#shared/schemas/zod.ts'`. It is zod/mini
 * (small Lambda bundles) with the English locale (readable messages: "Too small: expected string
 * to have >=2 characters" instead of "Invalid input"). Re-exported with `export *`, and imported
 * as a namespace, so esbuild keeps only what the code uses: re-exporting the namespace as a value
 * (`export { z }`) would drag every zod locale into every bundle (~420 KB, measured).
 */

import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

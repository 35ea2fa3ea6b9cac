/**
 * How every Lambda is bundled (esbuild through NodejsFunction), as plain data so that the bench
 * (test/bench/bundles.ts) builds byte-identical bundles without loading the CDK.
 *
 * Source maps ship for readable stack traces (`--enable-source-maps`) but without `sourcesContent`:
 * the map then only points into file names and lines, which is all a stack trace needs, and the
 * zip no longer carries a second copy of every dependency's source (4× the code size before).
 */
export const LAMBDA_BUNDLING = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies need a `require`.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  /** Lambda's NODE_OPTIONS, also used when the bench measures a bundle's init. */
  nodeOptions: '--enable-source-maps',
} as const;

/**
 * The API function's document libraries (BAA as PDF/Word, parsers of uploaded agreements) and the
 * upload type detector (`file-type`, ~80 KB with its tokenizer dependencies): shipped as
 * node_modules beside the bundle, not inlined (lazy imports in the BAA routes and
 * adapters/file-format.ts; ~2 MB inlined).
 */
export const API_NODE_MODULES = ['docx', 'pdf-lib', 'unpdf', 'fflate', 'file-type'] as const;

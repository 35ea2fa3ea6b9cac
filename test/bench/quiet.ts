/** Imported first by run.ts: the product's INFO logs would drown the bench's progress lines. */
process.env.LOG_LEVEL ??= 'WARN';

// Importing the project's zod entry point configures readable messages for every test file.
import '#shared/schemas/zod.ts';

/**
 * The one zod import of the project. `zod/mini` keeps Lambda bundles small (~16 KB instead of
 * ~440 KB for the full build); the English locale makes validation messages readable for users
 * ("Too small: expected string to have >=2 characters" instead of "Invalid input").
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());

export { z };

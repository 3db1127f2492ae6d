import { Initial1795427114436 } from './1795427114436-Initial.js';

/** Every migration, in order. `npm run migration:generate -- Name` writes a new file; add it here. */
export const MIGRATIONS: (new () => unknown)[] = [Initial1795427114436];

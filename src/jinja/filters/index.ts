/** All Jinja2 3.1 built-in filters, by name. */
import type { PyFunction } from '../../py/callable.js';
import { named } from '../../py/callable.js';
import { stringFilters } from './strings.js';
import { collectionFilters } from './collections.js';
import { numberFilters } from './numbers.js';
import { selectingFilters } from './selecting.js';
import { sortingFilters } from './sorting.js';

export function defaultFilters(): [string, PyFunction][] {
  return [
    ...stringFilters(),
    ...collectionFilters(),
    ...numberFilters(),
    ...sortingFilters(),
    ...selectingFilters(),
  ].map(([n, f]) => [n, named(n, f)]);
}

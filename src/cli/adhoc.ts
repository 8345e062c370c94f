// Placeholder replaced by the vault command implementation.
import { UsageError } from '../errors.js';
import type { CommandMain } from './context.js';

export const main: CommandMain = async () => {
  throw new UsageError('bosun adhoc: not implemented yet');
};

// Bundled entry of the `bosun` executable.
import { cli } from './main.js';

void cli();

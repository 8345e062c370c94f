/** The Templar the play tests use: the ansible layer's real implementation. */
import type { Templar } from '../../../src/ansible/templar.js';
import { createTemplar } from '../../../src/ansible/templar-impl.js';

export function testTemplar(basedir: string = process.cwd()): Templar {
  return createTemplar({ lookup: { basedir, searchPath: [basedir] } });
}

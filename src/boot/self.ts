// bosun's own command line lives in the foundation (src/process/self.ts), so `vault git-setup`
// and boot share one notion of it.
export { sea, selfCommand, selfTarget } from '../process/self.js';

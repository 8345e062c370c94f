/** C strftime lives in the engine (datetime objects use it); re-exported for Ansible's filters. */
export { pyStrftime } from '../jinja/runtime/strftime.js';

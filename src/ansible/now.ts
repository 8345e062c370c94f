/** Ansible's `now(utc=False, fmt=None)` global: datetime.now()/utcnow(), or its strftime(fmt). */
import { pyfunc } from '../jinja/runtime/callable.js';
import { datetimeFromDate } from '../jinja/runtime/datetime.js';
import { pyStr } from '../jinja/runtime/repr.js';
import { truthy } from '../jinja/runtime/ops.js';

export const nowGlobal = pyfunc('utc=False, fmt=None', (_c, utc, fmt) => {
  const dt = datetimeFromDate(new Date(), truthy(utc));
  return truthy(fmt) ? dt.strftime(pyStr(fmt)) : dt;
});

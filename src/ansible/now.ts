/** Ansible's `now(utc=False, fmt=None)` global: datetime.now()/utcnow(), or its strftime(fmt). */
import { pyfunc } from '../py/callable.js';
import { datetimeFromDate } from '../py/datetime.js';
import { pyStr } from '../py/repr.js';
import { truthy } from '../py/ops.js';

export const nowGlobal = pyfunc('utc=False, fmt=None', (_c, utc, fmt) => {
  const dt = datetimeFromDate(new Date(), truthy(utc));
  return truthy(fmt) ? dt.strftime(pyStr(fmt)) : dt;
});

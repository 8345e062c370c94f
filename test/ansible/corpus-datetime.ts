/** Differential cases for datetime/timedelta (to_datetime, now()), checked against Ansible's Templar. */
import type { Case } from './harness.js';

const A = "('2016-08-14 20:00:12' | to_datetime)";
const B = "('2016-08-04 18:00:12' | to_datetime)";
export const DATETIME_SRCS = [
 `{{ ${A} | tojson }}`, `{{ (${A} - ${B}) | to_json }}`, `{{ ${A}.date() + (${A} - ${B}) }}`, `{{ [${A}, ${B}] | sort }}`, `{{ [${A}, ${B}] | max }}`,
 `{{ ${A} | string }}`, `{{ ${A} ~ '' }}`, `{{ ${A}.time().hour }}`, `{{ ${A}.date() | to_json }}`, `{{ ${A} is string }}`, `{{ (${A} - ${B}) | string }}`,
 `{{ 2 * (${A} - ${B}) }}`, `{{ (${A} - ${B}) / 0 }}`, `{{ (${A} - ${B}) | bool }}`, `{{ ${A}.strftime(1) }}`, `{{ ${A}.replace(day=1).day }}`,
 `{{ '12:30' | to_datetime('%H:%M') }}`, `{{ ('2016-08-14 20:00:12' | to_datetime).date() == ('2016-08-14' | to_datetime('%Y-%m-%d')).date() }}`,
 `{{ ${A} | to_nice_json }}`, `{{ {'a': ${A}} | to_json }}`, `{{ ${A}.tzinfo }}`, `{{ ${A} in [${A}] }}`,
 `{{ (${A} - ${B}).days }}`, `{{ (${A} - ('2015-12-25' | to_datetime('%Y-%m-%d'))).total_seconds() }}`,
 `{{ ('2023-01-01 10:00:00' | to_datetime).strftime('%A %d') }}`, `{{ ${A}.year }}`, `{{ ${A}.isoformat() }}`, `{{ ${A} < ${B} }}`,
 `{{ ${A} }}`, `{{ [${A}] }}`, `{{ ${A} - ${B} }}`, `{{ [${A} - ${B}] }}`, `{{ ${B} - ${A} }}`, `{{ [${B} - ${A}] }}`,
 `{{ '2020-01-01 00:00:00.5' | to_datetime('%Y-%m-%d %H:%M:%S.%f') }}`, `{{ ['2020-01-01 00:00:00.123456' | to_datetime('%Y-%m-%d %H:%M:%S.%f')] }}`,
 `{{ ${A} + (${A} - ${B}) }}`, `{{ ${A} - (${A} - ${B}) }}`, `{{ (${A} - ${B}) * 2 }}`, `{{ (${A} - ${B}) // 3 }}`, `{{ (${A} - ${B}) / 3 }}`,
 `{{ (${A} - ${B}) / (${A} - ${B}) }}`, `{{ (${A} - ${B}) // (${B} - ${A}) }}`, `{{ (${B} - ${A}) | abs }}`, `{{ -(${A} - ${B}) }}`,
 `{{ (${A} - ${B}) > (${B} - ${A}) }}`, `{{ ${A}.date() }}`, `{{ [${A}.date()] }}`, `{{ ${A}.time() }}`, `{{ [${A}.time()] }}`,
 `{{ ${A}.replace(year=2000) }}`, `{{ ${A}.replace(month=2, day=30) }}`, `{{ ${A}.weekday() }}`, `{{ ${A}.isoweekday() }}`,
 `{{ ${A}.timestamp() }}`, `{{ ${A} == ${A} }}`, `{{ ${A} == ${B} }}`, `{{ ${A} | to_json }}`, `{{ [${A}] | to_json }}`,
 `{{ '2016-08-14' | to_datetime }}`, `{{ '2016-08-14 20:00:12x' | to_datetime }}`, `{{ '2016-08-14' | to_datetime('%Q') }}`,
 `{{ 12 | to_datetime }}`, `{{ '14 Aug 2016 8:00 PM' | to_datetime('%d %b %Y %I:%M %p') }}`, `{{ '16/02/30' | to_datetime('%y/%m/%d') }}`,
 `{{ '99-001' | to_datetime('%y-%j') }}`, `{{ ${A}.strftime('%Y-%m-%dT%H:%M:%S.%f %j %U %z|%Z') }}`, `{{ ${A}.month }} {{ ${A}.hour }} {{ ${A}.microsecond }}`,
 `{{ (${A} - ${B}).seconds }} {{ (${A} - ${B}).microseconds }}`, `{{ ${A} + 1 }}`, `{{ ${A} < 1 }}`, `{{ ${A} + ${A} }}`, `{{ ${A} - ${B} - ${B} }}`,
 `{{ now().year > 2000 }}`, `{{ (now() - ${A}).days > 0 }}`, `{{ now(fmt='%Y') | int > 2000 }}`, `{{ now(true).tzinfo }}`, `{{ ${A} | type_debug }}`,
 `{{ (${A} - ${B}) | type_debug }}`, `{{ ${A}.date() - ${B}.date() }}`, `{{ ${A} < ${A}.date() }}`, `{{ ${A} == ${A}.date() }}`,
 `{{ ${A} - ${B} == ${A} - ${B} }}`, `{{ (${A} - ${A}) }}`, `{{ [${A} - ${A}] }}`, `{{ ${A} - ${B} if (${A} - ${A}) else 'zero' }}`,
 `{{ (${A} - ${B}) * 1.5 }}`, `{{ (${A} - ${B}) % (${A} - ${B}.replace(hour=0)) }}`, `{{ '2016-08-14 20:00:12' | to_datetime('%Y-%m-%d  %H:%M:%S') }}`,
 `{{ '2016-8-4 1:2:3' | to_datetime }}`, `{{ '2016-02-30 00:00:00' | to_datetime }}`, `{{ '0001-01-01 00:00:00' | to_datetime }}`,
 `{{ ('0001-01-01 00:00:00' | to_datetime) - ${A} }}`, `{{ ${A}.ctime() }}`, `{{ ${A}.isoformat(' ') }}`, `{{ [${A}.replace(second=0)] }}`,
];

export const DATETIME_CASES: Case[] = DATETIME_SRCS.map((src) => ({ kind: 'template', src, vars: '{}' }));

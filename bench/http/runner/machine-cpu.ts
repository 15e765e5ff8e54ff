/**
 * Busy time of one CPU from `/proc/stat`, to tell how much of the server's
 * core went to something else during a run (another process, the
 * hypervisor's steal): the benchmark shares the machine with whatever runs.
 * @module
 */
import { readFileSync } from 'node:fs';
import { CLK_TCK } from './server-process.ts';

/**
 * Microseconds CPU `cpu` has been busy since boot: user, nice, system, irq,
 * softirq and steal (time the hypervisor gave to another guest).
 */
export function coreBusyMicros(cpu: number): number {
  const stat = readFileSync('/proc/stat', 'utf8');
  const line = stat.split('\n').find((l) => l.startsWith(`cpu${cpu} `));
  if (line === undefined) throw new RangeError(`CPU ${cpu} is not in /proc/stat`);
  const [, user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).map(Number);
  const ticks = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return (ticks * 1e6) / CLK_TCK;
}

/**
 * Reading `.cpuprofile` files in tests: load one, check that it has the
 * shape Chrome DevTools reads (the inspector protocol's `Profiler.Profile`),
 * and name its frames.
 * @module
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuProfile } from '../../src/profile/index.ts';

/** The `.cpuprofile` files of a directory, sorted by name. */
export function profileFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort();
}

/**
 * Load a profile and check what DevTools relies on: a `(root)` node first,
 * unique node ids, children that exist, one time delta per sample, every
 * sample a node, and a start before the end.
 */
export function loadProfile(file: string): CpuProfile {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 0, `${file}: nodes`);
  assert.equal(profile.nodes[0]?.callFrame.functionName, '(root)', `${file}: the first node is the root`);
  const ids = new Set(profile.nodes.map((node) => node.id));
  assert.equal(ids.size, profile.nodes.length, `${file}: node ids are unique`);
  for (const node of profile.nodes) {
    assert.equal(typeof node.callFrame.url, 'string');
    assert.equal(typeof node.callFrame.lineNumber, 'number');
    for (const child of node.children ?? []) assert.ok(ids.has(child), `${file}: child ${child} of ${node.id}`);
  }
  const samples = profile.samples ?? [];
  assert.equal(samples.length, profile.timeDeltas?.length, `${file}: one time delta per sample`);
  for (const sample of samples) assert.ok(ids.has(sample), `${file}: sample ${sample} is a node`);
  assert.ok(profile.startTime <= profile.endTime, `${file}: start before end`);
  return profile;
}

/** Load the profile `name` of `dir`. */
export function loadProfileIn(dir: string, name: string): CpuProfile {
  return loadProfile(join(dir, name));
}

/** Every function name of the profile. */
export function functionNames(profile: CpuProfile): Set<string> {
  return new Set(profile.nodes.map((node) => node.callFrame.functionName));
}

/**
 * The samples spent in `name` or in what it called (its inclusive samples),
 * as DevTools' "total time" counts them.
 */
export function samplesUnder(profile: CpuProfile, name: string): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let count = 0;
  for (const sample of profile.samples ?? []) {
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      if (byId.get(id)?.callFrame.functionName === name) {
        count++;
        break;
      }
    }
  }
  return count;
}

/** The function names with the most samples of their own (DevTools' "self time"), most first. */
export function topFrames(profile: CpuProfile, count = 5): string[] {
  const self = new Map<number, number>();
  for (const sample of profile.samples ?? []) self.set(sample, (self.get(sample) ?? 0) + 1);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const name = node.callFrame.functionName || '(anonymous)';
    byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
  }
  return [...byName]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name]) => name);
}

// Host ports in use on a node, as upstream's fwk.HostPortInfo: ip -> set of (protocol, port).
// An empty ip means 0.0.0.0 and an empty protocol means TCP. The set has no reference counts:
// removing a (ip, protocol, port) removes it even if another pod also declared it (as upstream).

import type { HostPortInfo } from '../framework/types';

export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

const ppKey = (protocol: string | undefined, port: number): string => `${protocol || 'TCP'}/${port}`;

export function newHostPortInfo(): HostPortInfo {
  return { byIP: new Map() };
}

export function hostPortAdd(h: HostPortInfo, ip: string | undefined, protocol: string | undefined, port: number): void {
  if (!(port > 0)) return;
  const key = ip || DEFAULT_BIND_ALL_HOST_IP;
  let set = h.byIP.get(key);
  if (!set) {
    set = new Set();
    h.byIP.set(key, set);
  }
  set.add(ppKey(protocol, port));
}

export function hostPortRemove(h: HostPortInfo, ip: string | undefined, protocol: string | undefined, port: number): void {
  if (!(port > 0)) return;
  const key = ip || DEFAULT_BIND_ALL_HOST_IP;
  const set = h.byIP.get(key);
  if (!set) return;
  set.delete(ppKey(protocol, port));
  if (set.size === 0) h.byIP.delete(key);
}

/** Number of (ip, protocol, port) entries. */
export function hostPortLen(h: HostPortInfo): number {
  let n = 0;
  for (const s of h.byIP.values()) n += s.size;
  return n;
}

/**
 * upstream HostPortInfo.CheckConflict: 0.0.0.0 conflicts with the same (protocol, port) on any
 * ip; a specific ip conflicts with itself and with 0.0.0.0.
 */
export function hostPortConflicts(h: HostPortInfo, ip: string | undefined, protocol: string | undefined, port: number): boolean {
  if (!(port > 0)) return false;
  const key = ip || DEFAULT_BIND_ALL_HOST_IP;
  const pp = ppKey(protocol, port);
  if (key === DEFAULT_BIND_ALL_HOST_IP) {
    for (const s of h.byIP.values()) if (s.has(pp)) return true;
    return false;
  }
  return (h.byIP.get(DEFAULT_BIND_ALL_HOST_IP)?.has(pp) ?? false) || (h.byIP.get(key)?.has(pp) ?? false);
}

export function cloneHostPortInfo(h: HostPortInfo): HostPortInfo {
  const byIP = new Map<string, Set<string>>();
  for (const [ip, s] of h.byIP) byIP.set(ip, new Set(s));
  return { byIP };
}

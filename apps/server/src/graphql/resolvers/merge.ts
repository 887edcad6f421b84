import type { ResolverMap } from '../build-schema.ts';

export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      for (const field of Object.keys(fields)) {
        if (out[type]?.[field]) throw new Error(`Two resolvers for ${type}.${field}`);
      }
      out[type] = { ...out[type], ...fields };
    }
  }
  return out;
}

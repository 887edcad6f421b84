import type { Actor } from '../auth/actor.ts';
import type { JsonLiterals } from '../http/json-bytes.ts';
import type { Services } from '../services/index.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** Per-request GraphQL context: the caller, the services, request-scoped batch loaders and the public origin. */
export type GraphQLContext = {
  actor: Actor;
  services: Services;
  loaders: Loaders;
  /** Origin for absolute URLs handed to clients, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  /** Absolute, signed URL of a blob. */
  fileUrl: (key: string, range?: { start: number; end: number }) => string;
  /** Strings of the answer whose JSON bytes are kept (rendered labels): the response copies them as they are. */
  jsonLiterals: JsonLiterals;
};

export function createContext(
  input: Omit<GraphQLContext, 'loaders' | 'jsonLiterals'> & { jsonLiterals?: JsonLiterals },
): GraphQLContext {
  return { jsonLiterals: new Map(), ...input, loaders: createLoaders(input.actor, input.services) };
}

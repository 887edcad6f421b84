import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  consume: (key: string) => Promise<RateLimitDecision>;
  limitPerMinute: number;
  /**
   * Failed authentications per client address: counted apart from the per-key budget so that random keys (each a
   * bucket of its own) cannot bypass the limit, and checked before the key lookup.
   */
  failures: {
    consume: (address: string) => Promise<RateLimitDecision>;
    check: (address: string) => Promise<RateLimitDecision>;
    limitPerMinute: number;
  };
  close: () => Promise<void>;
};

/**
 * Requests per key per minute. In memory for one process; in Redis when REDIS_URL is set, so that all replicas share
 * one budget per key. If Redis is unreachable, requests are allowed (the memory limiter takes over) rather than failing.
 */
export async function createRateLimiter(options: {
  perMinute: number;
  authFailuresPerMinute?: number;
  redisUrl?: string | undefined;
  keyPrefix?: string;
  logger?: { warn: (o: object, m: string) => void };
}): Promise<RateLimiter> {
  const base = { points: options.perMinute, duration: 60, keyPrefix: options.keyPrefix ?? 'labelyard:rl' };
  const failureBase = {
    points: options.authFailuresPerMinute ?? 100,
    duration: 60,
    keyPrefix: `${base.keyPrefix}:authfail`,
  };
  const memory = new RateLimiterMemory(base);
  const failureMemory = new RateLimiterMemory(failureBase);
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
  let failureLimiter: RateLimiterAbstract = failureMemory;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      connectTimeout: 3000,
    });
    redis.on('error', () => undefined);
    // Wait for the connection so the first requests count in Redis, not in the per-process fallback.
    await redis.connect().catch((error: unknown) => {
      options.logger?.warn(
        { err: error },
        'Redis unreachable; rate limits are per process until it connects',
      );
    });
    limiter = new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: memory });
    failureLimiter = new RateLimiterRedis({
      ...failureBase,
      storeClient: redis,
      insuranceLimiter: failureMemory,
    });
  }
  return {
    limitPerMinute: options.perMinute,
    consume: (key) => consume(limiter, key),
    failures: {
      limitPerMinute: failureBase.points,
      consume: (address) => consume(failureLimiter, address),
      check: async (address) => {
        const state = await failureLimiter.get(address).catch(() => null);
        if (!state || state.consumedPoints < failureBase.points) return { allowed: true };
        return { allowed: false, retryAfterSeconds: retryAfter(state) };
      },
    },
    close: async () => {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}

const retryAfter = (res: RateLimiterRes): number => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      return { allowed: false, retryAfterSeconds: retryAfter(rejection) };
    return { allowed: true };
  }
}

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
  close: () => Promise<void>;
};

/**
 * Requests per key per minute. In memory for one process; in Redis when REDIS_URL is set, so that all replicas share
 * one budget per key. If Redis is unreachable, requests are allowed (the memory limiter takes over) rather than failing.
 */
export async function createRateLimiter(options: {
  perMinute: number;
  redisUrl?: string | undefined;
  keyPrefix?: string;
  logger?: { warn: (o: object, m: string) => void };
}): Promise<RateLimiter> {
  const base = { points: options.perMinute, duration: 60, keyPrefix: options.keyPrefix ?? 'labelyard:rl' };
  const memory = new RateLimiterMemory(base);
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract = memory;
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
  }
  return {
    limitPerMinute: options.perMinute,
    consume: async (key) => {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        return { allowed: true };
      }
    },
    close: async () => {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}

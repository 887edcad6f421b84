import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Transform, type Readable } from 'node:stream';

/**
 * Outgoing requests to URLs that users choose (import files by URL, mask `instanceURI`s, webhooks). Unless
 * `allowPrivate` is set, hosts are resolved first and refused when any address is loopback, private, link-local
 * (cloud metadata at 169.254.169.254), multicast or otherwise not public — and the connection goes to the address
 * that was checked, so a DNS answer cannot change between the check and the connect (rebinding).
 */
export type GuardOptions = { allowPrivate: boolean };

export class UrlGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlGuardError';
  }
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/**
 * Whether an IP address is not a public unicast address. IPv6 forms that carry an IPv4 address are judged by the
 * IPv4 address inside: IPv4-mapped (`::ffff:0:0/96`), IPv4-compatible (`::/96`), NAT64 (`64:ff9b::/96`), 6to4
 * (`2002::/16`) and Teredo (`2001::/32`, server and client both). Local-use NAT64 (`64:ff9b:1::/48`, RFC 8215)
 * translates to whatever the local operator chose, so it is refused outright.
 */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return blocked.check(address, 'ipv4');
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  const embedded = embeddedIpv4(bytes);
  if (embedded === 'refuse') return true;
  if (embedded) return embedded.some((ipv4) => blocked.check(ipv4, 'ipv4'));
  return blocked.check(address, 'ipv6');
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const dotted = (bytes: Uint8Array, at: number, xor = 0) =>
  [0, 1, 2, 3].map((i) => (bytes[at + i]! ^ xor) & 255).join('.');

/** The IPv4 addresses an IPv6 address stands for, `'refuse'` for local-use NAT64, or null for a native one. */
function embeddedIpv4(bytes: Uint8Array): string[] | 'refuse' | null {
  const zeros = (n: number) => new Array<number>(n).fill(0);
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return [dotted(bytes, 12)]; // IPv4-mapped
  // IPv4-compatible (deprecated): ::a.b.c.d; `::` and `::1` themselves are judged as IPv6 below.
  if (startsWith(bytes, zeros(12)) && (bytes[12]! | bytes[13]! | bytes[14]!) !== 0)
    return [dotted(bytes, 12)];
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, ...zeros(8)])) return [dotted(bytes, 12)]; // NAT64
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01])) return 'refuse';
  if (startsWith(bytes, [0x20, 0x02])) return [dotted(bytes, 2)]; // 6to4
  if (startsWith(bytes, [0x20, 0x01, 0x00, 0x00])) return [dotted(bytes, 4), dotted(bytes, 12, 0xff)]; // Teredo
  return null;
}

/** The 16 bytes of a valid IPv6 literal (zone id ignored), or null. */
export function ipv6Bytes(address: string): Uint8Array | null {
  let text = address.split('%')[0]!;
  const bytes = new Uint8Array(16);
  const tail: number[] = [];
  const v4 = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const octets = v4[1]!.split('.').map(Number);
    if (octets.some((o) => o > 255)) return null;
    const words = [(octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!];
    text = text.slice(0, text.length - v4[1]!.length) + words.map((w) => w.toString(16)).join(':');
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]!);
  tail.push(...(halves.length === 2 ? parse(halves[1]!) : []));
  const groups =
    halves.length === 2
      ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail]
      : head;
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 255;
  });
  return bytes;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlGuardError(`"${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlGuardError(`only http and https URLs are allowed, got ${url.protocol}`);
  }
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Checks the scheme and, unless private addresses are allowed, every address the host resolves to. */
export async function assertPublicUrl(raw: string, options: GuardOptions): Promise<URL> {
  const url = parseUrl(raw);
  if (options.allowPrivate) return url;
  const host = hostOf(url);
  const addresses = isIP(host) ? [host] : await resolveAll(host);
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined) throw refused(host, bad);
  return url;
}

const refused = (host: string, address: string) =>
  new UrlGuardError(
    `${host} resolves to ${address}, a private, loopback or link-local address; such URLs are refused (ALLOW_PRIVATE_URLS=true allows them)`,
  );

async function resolveAll(host: string): Promise<string[]> {
  try {
    return (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    throw new UrlGuardError(`cannot resolve ${host}: ${(error as Error).message}`);
  }
}

/** A `lookup` for http(s).request that refuses private answers, so the checked address is the one connected to. */
export function guardedLookup(options: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { all: true, family: lookupOptions.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const bad = options.allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(refused(hostname, bad.address), '', 0);
      if (lookupOptions.all)
        return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * http and https agents for clients that make their own requests (the AWS SDK for a client-chosen `s3_endpoint`):
 * every connection resolves through `guardedLookup`. IP-literal hosts never reach a lookup: check the URL with
 * `assertPublicUrl` first.
 */
export function guardedAgents(options: GuardOptions): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const lookup = guardedLookup(options);
  return { httpAgent: new http.Agent({ lookup }), httpsAgent: new https.Agent({ lookup }) };
}

export type GuardedRequest = {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole request, headers and body included. */
  timeoutMs?: number;
  /** Redirects followed (GET only); each target is checked like the first URL. */
  maxRedirects?: number;
  /** The response body stream errors once it passes this many bytes. */
  maxBytes?: number;
};

export type GuardedResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
  url: string;
};

/** Sends one request through the guard; the caller must consume or destroy `body`. */
export async function guardedRequest(
  raw: string,
  request: GuardedRequest,
  options: GuardOptions,
): Promise<GuardedResponse> {
  let url = parseUrl(raw);
  const redirects =
    request.method === undefined || request.method === 'GET' ? (request.maxRedirects ?? 5) : 0;
  for (let hop = 0; ; hop++) {
    const host = hostOf(url);
    // IP literals never reach `lookup`.
    if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) throw refused(host, host);
    const response = await send(url, request, options);
    const location = response.headers.location;
    if (
      response.statusCode &&
      response.statusCode >= 300 &&
      response.statusCode < 400 &&
      location &&
      hop < redirects
    ) {
      response.resume();
      url = parseUrl(new URL(location, url).toString());
      continue;
    }
    const body =
      request.maxBytes === undefined ? response : response.pipe(byteLimit(request.maxBytes, url.toString()));
    if (body !== response) response.on('error', (error) => body.destroy(error));
    return { status: response.statusCode ?? 0, headers: response.headers, body, url: url.toString() };
  }
}

function send(url: URL, request: GuardedRequest, options: GuardOptions): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method ?? 'GET',
        headers: {
          'user-agent': 'Labelyard',
          ...request.headers,
          ...(request.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(request.body)) }
            : {}),
        },
        lookup: guardedLookup(options),
        timeout: request.timeoutMs ?? 30_000,
      },
      resolve,
    );
    req.on('timeout', () =>
      req.destroy(new UrlGuardError(`no answer from ${url.host} within ${request.timeoutMs ?? 30_000} ms`)),
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

function byteLimit(maxBytes: number, url: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new UrlGuardError(`${url} is larger than ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
}

/** GET into memory (small files only: mask PNGs); non-2xx answers are errors naming the status. */
export async function guardedGetBuffer(
  raw: string,
  options: GuardOptions & { maxBytes: number; timeoutMs?: number },
): Promise<Buffer> {
  const response = await guardedRequest(
    raw,
    { maxBytes: options.maxBytes, timeoutMs: options.timeoutMs ?? 30_000 },
    options,
  );
  if (response.status < 200 || response.status >= 300) {
    response.body.resume();
    throw new UrlGuardError(`GET ${raw} answered HTTP ${response.status}`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of response.body) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

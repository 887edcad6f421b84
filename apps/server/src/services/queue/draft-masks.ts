import type { UrlSigner } from '../../storage/url-signer.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * A restored draft's mask URLs signed again. The editor saves masks it got by URL (a label in review or rework,
 * MAL pre-labels) as the signed file URL it was handed, which expires (SIGNED_URL_TTL_SECONDS) while the draft
 * lives on: a draft reopened the next day would report its masks as not loadable. URLs this server signed for a
 * blob of the caller's organization are signed anew, expired or not (the signature still proves the server handed
 * them out); any other URL is left as it was.
 */
export function resignDraftMasks(draft: unknown, signer: UrlSigner, organizationId: string): unknown {
  if (!Array.isArray(draft)) return draft;
  return draft.map((line: unknown) => {
    if (!isObject(line) || !isObject(line.mask) || typeof line.mask.instanceURI !== 'string') return line;
    const uri = line.mask.instanceURI;
    const file = signer.fileOf(uri, { ignoreExpiry: true });
    if (!file || !('key' in file) || !file.key.startsWith(`${organizationId}/`)) return line;
    const fresh = `${new URL(uri).origin}${signer.sign({ key: file.key })}`;
    return { ...line, mask: { ...line.mask, instanceURI: fresh } };
  });
}

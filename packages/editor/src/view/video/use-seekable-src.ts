import { useEffect, useState } from 'react';

/**
 * The URL to play a video from, so that frames can be sought. A server that answers without byte ranges gives a
 * video the browser cannot seek in (it stays on the first picture whatever frame is asked): the file is then
 * downloaded once and played from memory. That needs the file readable by `fetch` (same origin or CORS); when it
 * is not, the original URL stays and only playback works.
 */
export function useSeekableSrc(src: string, video: React.RefObject<HTMLVideoElement | null>): string {
  const [playable, setPlayable] = useState(src);
  useEffect(() => {
    setPlayable(src);
    const v = video.current;
    const view = v?.ownerDocument.defaultView;
    if (!v || !view) return;
    let live = true;
    let objectUrl: string | undefined;
    const check = () => {
      if (!v.currentSrc || v.currentSrc.startsWith('blob:')) return;
      // Chromium reports such a video seekable from 0 to 0.
      const end = v.seekable.length > 0 ? v.seekable.end(v.seekable.length - 1) : 0;
      if (end > 0 && (!Number.isFinite(v.duration) || end >= v.duration - 0.05)) return;
      view
        .fetch(src, { credentials: 'same-origin' })
        .then((res) => (res.ok ? res.blob() : undefined))
        .then((blob) => {
          if (!live || !blob) return;
          objectUrl = view.URL.createObjectURL(blob);
          setPlayable(objectUrl);
        })
        .catch(() => undefined);
    };
    v.addEventListener('loadedmetadata', check);
    if (v.readyState >= 1) check();
    return () => {
      live = false;
      v.removeEventListener('loadedmetadata', check);
      if (objectUrl) view.URL.revokeObjectURL(objectUrl);
    };
  }, [src, video]);
  return playable;
}

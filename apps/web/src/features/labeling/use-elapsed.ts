import { useEffect, useRef, useState } from 'react';

/** Seconds since the row opened (the `secondsToLabel` sent on submit), ticking once a second for the display. */
export function useElapsed(key: string): { seconds: number; read: () => number } {
  const started = useRef(performance.now());
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    started.current = performance.now();
    setSeconds(0);
    const id = setInterval(() => setSeconds(Math.floor((performance.now() - started.current) / 1000)), 1000);
    return () => clearInterval(id);
  }, [key]);
  return { seconds, read: () => (performance.now() - started.current) / 1000 };
}

export const formatClock = (s: number) =>
  `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

import { createContext, use, useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * One polite live region for the signed-in pages, so what a write did is said to screen-reader
 * users too ("Action … is now done.") and not only shown where they are not looking.
 */

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const announce = useCallback((next: string) => {
    // Emptied first and filled a moment later, so the same sentence twice is read twice.
    setMessage('');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(next), 100);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <AnnounceContext value={announce}>
      {children}
      <p className="visually-hidden" role="status">
        {message}
      </p>
    </AnnounceContext>
  );
}

/** Says `message` politely to screen-reader users. */
export function useAnnounce(): (message: string) => void {
  return use(AnnounceContext);
}

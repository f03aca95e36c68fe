import { createContext, use, useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { SessionView } from '../../src/shared/contract/account.ts';
import { isApiError, setCsrfToken, setUnauthenticatedHandler } from './api.ts';
import { auth } from './endpoints.ts';

export type Membership = SessionView['memberships'][number];

interface SessionState {
  /** undefined while the first check runs; null when signed out. */
  session: SessionView | null | undefined;
  /** Set when the first check failed for another reason than being signed out. */
  error: string | undefined;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  membership: (org: string) => Membership | undefined;
}

const SessionContext = createContext<SessionState | null>(null);

/** Holds who is signed in, and keeps the API client's CSRF token in step with the session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const [error, setError] = useState<string>();

  const adopt = useCallback((s: SessionView | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setSession(s);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => adopt(null));
    auth.session().then(adopt, (e: unknown) => {
      if (isApiError(e) && e.status === 401) adopt(null);
      else setError(isApiError(e) ? e.message : String(e));
    });
  }, [adopt]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      error,
      signIn: async (email, password) => adopt(await auth.login(email, password)),
      signOut: async () => {
        try {
          await auth.logout();
        } finally {
          adopt(null);
        }
      },
      membership: (org) => session?.memberships.find((m) => m.org === org),
    }),
    [session, error, adopt],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const s = use(SessionContext);
  if (!s) throw new Error('useSession must be used inside <SessionProvider>');
  return s;
}

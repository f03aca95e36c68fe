import { createContext, use, useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import type { SessionView } from '../../src/shared/contract/account.ts';
import type { Permission } from '../../src/shared/permissions.ts';
import { can } from '../../src/shared/permissions.ts';
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

/**
 * Whether the signed-in person's role in the current page's organization holds `permission`, from
 * the same table the API enforces. The console hides what a role cannot use rather than offering
 * something that will be refused; outside an organization's pages the answer is no.
 */
export function useCan(permission: Permission): boolean {
  const { org } = useParams();
  const { membership } = useSession();
  const role = org ? membership(org)?.role : undefined;
  return role !== undefined && can(role, permission);
}

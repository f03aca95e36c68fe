import type { FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ErrorSummary, SubmitButton, TextField } from '../components/forms.tsx';
import { PageHeading } from '../components/layout.tsx';
import { useMutation, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

/** Only same-site console paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignIn() {
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const submit = useMutation(signIn);
  useTitle('Sign in');

  if (session) return <Navigate to={next} replace />;

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (submit.pending) return;
    const form = new FormData(e.currentTarget);
    // Once signed in, the session re-renders this page into a redirect to `next`.
    await submit.run(String(form.get('email') ?? '').trim(), String(form.get('password') ?? ''));
  };

  const errors = submit.error?.fieldErrors();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <main id="main" className="sign-in" tabIndex={-1}>
        <p className="brand brand-large">Amends</p>
        <PageHeading>Sign in</PageHeading>
        <p className="muted">Say what happened. Do what you said. Prove it.</p>
        <form onSubmit={onSubmit} noValidate>
          <ErrorSummary
            error={submit.error}
            labels={{ email: 'E-mail', password: 'Password' }}
            title={submit.error?.status === 401 ? 'You could not be signed in' : undefined}
          />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            autoComplete="username"
            required
            errors={errors}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            errors={errors}
          />
          <SubmitButton pending={submit.pending}>Sign in</SubmitButton>
        </form>
      </main>
    </>
  );
}

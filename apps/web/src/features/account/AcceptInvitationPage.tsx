import { formText } from '../../components/form-data.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';

const MIN_PASSWORD = 10;

/** The invitation link: the invitee picks a name and password and is signed in. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const { api, acceptInvitation } = useSession();
  const navigate = useNavigate();
  const [invite, setInvite] = useState<{ email: string; organizationName: string } | null | undefined>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void api.invitation(token).then(setInvite);
  }, [api, token]);
  if (invite === undefined) return <Loading label="Opening your invitation" />;
  if (invite === null) {
    return (
      <main className="ly-auth">
        <div className="ly-auth__card">
          <h1>Invitation not found</h1>
          <p>This invitation link is invalid, expired or already used. Ask your admin for a new one.</p>
        </div>
      </main>
    );
  }
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = formText(form, 'password');
    if (password.length < MIN_PASSWORD)
      return setError(`The password needs at least ${MIN_PASSWORD} characters`);
    if (password !== formText(form, 'confirm')) return setError('The two passwords differ');
    setBusy(true);
    const result = await acceptInvitation(token, formText(form, 'name'), password);
    setBusy(false);
    if (result.ok) void navigate('/projects', { replace: true });
    else setError(result.message);
    return undefined;
  };
  return (
    <main className="ly-auth">
      <form className="ly-auth__card" onSubmit={(e) => void submit(e)} aria-labelledby="accept-title">
        <h1 id="accept-title">Join {invite.organizationName}</h1>
        <p>
          You were invited as <strong>{invite.email}</strong>. Choose your name and a password.
        </p>
        <TextField label="Your name" name="name" autoComplete="name" required />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required />
        <TextField
          label="Confirm password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
        />
        <ErrorMessage error={error} />
        <Button type="submit" variant="primary" busy={busy}>
          Accept invitation
        </Button>
      </form>
    </main>
  );
}

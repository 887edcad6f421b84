import { useEffect, type ReactNode } from 'react';

/** A page: its h1 (also the document title) and actions, then content. */
export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Labelyard`;
  }, [title]);
  return (
    <section className="ly-page" aria-labelledby="page-title">
      <header className="ly-page__header">
        <h1 id="page-title">{title}</h1>
        {actions ? <div className="ly-page__actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="ly-section" aria-labelledby={id}>
      <header className="ly-section__header">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

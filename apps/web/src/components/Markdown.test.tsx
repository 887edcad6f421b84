import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown, renderMarkdown } from './Markdown.tsx';

describe('renderMarkdown', () => {
  it('renders Markdown and strips scripts, handlers and javascript: links', () => {
    const sut = renderMarkdown(
      '# Title\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>[click](javascript:alert(3)) **bold**',
    );
    expect(sut).toContain('<h1>Title</h1>');
    expect(sut).toContain('<strong>bold</strong>');
    expect(sut).not.toMatch(/onerror|<script|javascript:/);
  });

  it('mounts sanitized HTML only', () => {
    const { container } = render(
      <Markdown source={'<iframe src="https://evil"></iframe>ok'} label="Instructions" />,
    );
    expect(container.querySelector('iframe')).toBeNull();
    expect(container.textContent).toContain('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { safeNext } from './SignInPage.tsx';

describe('safeNext', () => {
  it('follows only same-site paths after sign-in', () => {
    expect(safeNext('/datasets/1?x=2')).toBe('/datasets/1?x=2');
    expect(safeNext('//evil.example/')).toBe('/projects');
    expect(safeNext('https://evil.example/')).toBe('/projects');
    expect(safeNext(null)).toBe('/projects');
  });
});

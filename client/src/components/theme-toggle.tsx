import { useState } from 'react';

type TTheme = 'dark' | 'light';
const KEY = 'concordat-theme';

function preferredTheme(): TTheme {
  const stored = localStorage.getItem(KEY);
  if (stored === 'dark' || stored === 'light') return stored;
  return window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** Dark by default for night shifts unless the device prefers light; the choice is remembered per device. */
export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = preferredTheme();
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<TTheme>(preferredTheme);
  const handleToggle = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    document.documentElement.dataset.theme = next;
    setTheme(next);
  };
  return (
    <button type="button" onClick={handleToggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} mode`}>
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}

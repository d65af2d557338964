import { useEffect } from 'react';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * A single-key shortcut that never fires while someone is typing in a field or a dialog is open, or
 * when something nearer the key (a menu closing on Escape) has already used it.
 */
export function useShortcut(key: string, handler: () => void): void {
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.key !== key || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [key, handler]);
}

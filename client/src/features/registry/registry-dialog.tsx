import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A native modal dialog like components/modal.tsx (focus trapped, Esc closes), but sized by the caller:
 * the service editor needs the width of a desk screen to show hours, eligibility and places side by side.
 */
export function RegistryDialog({
  title,
  size = 'narrow',
  onClose,
  children,
}: {
  title: string;
  size?: 'narrow' | 'wide';
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    // The dialog is removed from the page when it closes, so the browser cannot hand focus back to the
    // button that opened it: do that here, so keyboard users carry on where they were.
    const opener = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal registry-dialog registry-dialog-${size}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

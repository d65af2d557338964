import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A native modal dialog: focus is trapped and Escape closes it, as screen readers expect. Two rules hold
 * for every dialog in the product:
 * - **Escape never throws typing away**: once something has been typed or chosen in it, Escape asks
 *   "Discard what you typed?" first (Keep editing is the default). The dialog's own Cancel button still
 *   closes at once: that is a deliberate click.
 * - **Ctrl+Enter (⌘+Enter) saves**: it submits the form that has focus, or the dialog's first form.
 */
/** "Discard what you typed?", asked when Escape would throw typing away; Keep editing is the default. */
export function DiscardPrompt({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  // Where the person was typing: Keep editing puts them back there.
  const [typingIn] = useState(() => document.activeElement as HTMLElement | null);
  return (
    <div className="discard-prompt" role="alertdialog" aria-label="Discard what you typed?">
      <p>
        <strong>Discard what you typed?</strong> It has not been saved.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          autoFocus
          onClick={() => {
            onKeep();
            typingIn?.focus();
          }}
        >
          Keep editing
        </button>
        <button type="button" className="danger" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </div>
  );
}

export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [hasTyping, setHasTyping] = useState(false);
  const [isAskingToDiscard, setIsAskingToDiscard] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.defaultPrevented || e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    const target = e.target as HTMLElement & { form?: HTMLFormElement | null };
    const form = target.form ?? ref.current?.querySelector('form');
    if (!form) return;
    e.preventDefault();
    form.requestSubmit();
  };

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onInput={() => setHasTyping(true)}
      onChange={() => setHasTyping(true)}
      onCancel={(e) => {
        e.preventDefault();
        if (hasTyping && !isAskingToDiscard) setIsAskingToDiscard(true);
        else onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {isAskingToDiscard && <DiscardPrompt onKeep={() => setIsAskingToDiscard(false)} onDiscard={onClose} />}
      {children}
    </dialog>
  );
}

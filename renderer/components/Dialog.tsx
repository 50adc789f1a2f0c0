// A modal dialog on React Aria's Modal and Dialog: focus stays inside and returns where it was,
// the page behind is inert, Escape asks the owner to close it (it may refuse while an import runs).
import type { ReactNode } from 'react';
import { Dialog as AriaDialog, Heading, ModalOverlay, Modal } from 'react-aria-components';
import { Icon } from './Icon';

export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  size = 'md',
  scrollable,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** The body is long text with nothing to focus in it: it takes focus itself so the keyboard can scroll it. */
  scrollable?: boolean;
}) {
  return (
    <ModalOverlay
      className="dialog-backdrop"
      isOpen={open}
      onOpenChange={(isOpen) => {
        if (!isOpen) onClose();
      }}
    >
      <Modal className={`dialog dialog-${size}`}>
        <AriaDialog className="dialog-frame">
          <header className="dialog-header">
            <Heading slot="title" className="dialog-title">
              {title}
            </Heading>
            <button type="button" className="btn btn-icon btn-ghost" aria-label="Close" onClick={onClose}>
              <Icon name="x" />
            </button>
          </header>
          <div className="dialog-body" tabIndex={scrollable ? 0 : undefined}>
            {children}
          </div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={onConfirm} disabled={busy}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}

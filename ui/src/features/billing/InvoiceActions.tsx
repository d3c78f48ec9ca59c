import { useMutation } from "@tanstack/react-query";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";

import type { Invoice } from "../../bindings/Invoice";
import { useToast } from "../../app/overlay";
import { downloadInvoice, FleetdeckError, openInvoice } from "../../platform";

/**
 * Open and download of one invoice's document, where the provider gave one (`hasDocument`). The
 * link itself never reaches this page: Rust opens it in the system browser or saves the PDF in
 * Downloads (src-tauri/src/invoice_files.rs) and answers only the path.
 */
export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const toast = useToast();
  const { t } = useTranslation("billing");
  const label = invoice.number ?? invoice.id;
  const open = useMutation({ mutationFn: () => openInvoice(invoice.account, invoice.id) });
  const download = useMutation({
    mutationFn: () => downloadInvoice(invoice.account, invoice.id),
    onSuccess: (path) => toast({ message: t("invoice.saved", { label, path }), tone: "ok" }),
  });
  if (!invoice.hasDocument) return null;
  const running = open.isPending || download.isPending;
  const failed = open.error ?? download.error;
  // The row opens on click and Enter: a button's click is the button's alone.
  const run = (m: { reset: () => void; mutate: () => void }, other: { reset: () => void }) => (e: MouseEvent) => {
    e.stopPropagation();
    other.reset();
    m.mutate();
  };
  return (
    <span className="row-actions">
      <button type="button" disabled={running} onClick={run(open, download)} title={t("invoice.openTitle", { label })} data-testid="invoice-open">
        {open.isPending ? t("invoice.opening") : t("invoice.open")}
      </button>
      <button type="button" disabled={running} onClick={run(download, open)} title={t("invoice.downloadTitle", { label })} data-testid="invoice-download">
        {download.isPending ? t("invoice.downloading") : t("invoice.download")}
      </button>
      {failed && (
        <span className="account-error" role="alert" data-testid="invoice-error">
          ⚠ {FleetdeckError.from(failed).message}
        </span>
      )}
    </span>
  );
}

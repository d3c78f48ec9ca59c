import { useTranslation } from "react-i18next";

import { shortcutLabel } from "./views";
import { useNav } from "./NavContext";
import "./nav.css";

/** The sidebar's views (those some account offers), the current one marked; Ctrl+digit opens one. */
export function NavList() {
  const { t } = useTranslation(["app", "shell"]);
  const { views, current, go } = useNav();
  return (
    <div className="nav-section">
      <h2 className="section-label" id="nav-views-label">
        {t("nav.views")}
      </h2>
      <ul className="account-list nav-list" aria-labelledby="nav-views-label" data-testid="nav-list">
        {views.map((v) => {
          const name = t(`shell:views.${v.id}`);
          return (
            <li key={v.id}>
              <button
                type="button"
                className={`account-row nav-row${current === v.id ? " selected" : ""}`}
                aria-current={current === v.id ? "page" : undefined}
                title={t("nav.viewTitle", { view: name, shortcut: shortcutLabel(v) })}
                onClick={() => go(v.id)}
                data-testid={`nav-${v.id}`}
              >
                <span className="account-name">{name}</span>
                <kbd className="nav-key" aria-hidden>
                  {shortcutLabel(v)}
                </kbd>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

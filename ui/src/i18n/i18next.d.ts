// Types every `t()` call by the English catalogue: a key that does not exist fails tsc.
import "i18next";

import type { en } from "./resources";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: typeof en;
  }
}

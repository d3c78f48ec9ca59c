// The Brazilian Portuguese catalogue, a chunk of its own (../../resources.ts `loadCatalogue`).
import type { Catalogue } from "../../resources";
import accounts from "./accounts.json";
import app from "./app.json";
import billing from "./billing.json";
import common from "./common.json";
import create from "./create.json";
import keys from "./keys.json";
import servers from "./servers.json";
import shell from "./shell.json";
import storage from "./storage.json";

export const ptBR: Catalogue = { common, shell, app, servers, create, accounts, billing, keys, storage };

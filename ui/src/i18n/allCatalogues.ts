// Every language's catalogue at once, for tests (key parity, per-language assertions, the test
// setup). The app never imports this: it loads a language when it switches to it.
import { ptBR } from "./locales/pt-BR";
import { en, type Catalogue, type Language } from "./resources";

export const catalogues: Record<Language, Catalogue> = { en, "pt-BR": ptBR };

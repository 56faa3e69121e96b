import type { Catalogue } from "./en/index.ts";

/** Each language is its own chunk, so the browser downloads only the one it shows. */
export async function loadCatalogue(locale: string): Promise<Catalogue> {
  switch (locale) {
    case "zh-TW":
      return (await import("./zh-TW/index.ts")).default;
    case "fr":
      return (await import("./fr/index.ts")).default;
    default:
      return (await import("./en/index.ts")).default;
  }
}

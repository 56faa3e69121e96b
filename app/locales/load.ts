
/** Each language is its own chunk, so the browser downloads only the one it shows. */
export async function loadCatalogue(locale: string): Promise<Record<string, unknown>> {
  switch (locale) {
    case "zh-TW":
      return (await import("./zh-TW/index.ts")).default;
    case "fr":
      return (await import("./fr/index.ts")).default;
    default:
      return (await import("./en/index.ts")).default;
  }
}

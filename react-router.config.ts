import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  // PASSERELLE_BUILD_DIR lets two test runs on one machine build side by side.
  buildDirectory: process.env.PASSERELLE_BUILD_DIR ?? "build",
} satisfies Config;

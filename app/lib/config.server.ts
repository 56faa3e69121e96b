export interface Config {
  port: number;
  baseUrl: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Secure cookies and HSTS: on when BASE_URL is https */
  secure: boolean;
  /** Test-only hooks (moving the clock). Never set in production. */
  testHooks: boolean;
  uploadsDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number.parseInt(env.PORT ?? "3000", 10);
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  return {
    port,
    baseUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Passerelle <no-reply@passerelle.test>",
    secure: baseUrl.startsWith("https://"),
    testHooks: env.PASSERELLE_TEST_HOOKS === "1",
    uploadsDir: env.UPLOADS_DIR ?? "data/uploads",
  };
}

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `npm start` and the container run .next/standalone/server.js: the server and only the files it needs
  // (scripts/standalone.mjs adds the static assets and the migrations after the build).
  output: "standalone",
  // PGlite breaks when bundled (URL instance errors, WASM served as static files): load it from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@node-rs/bcrypt", "nodemailer", "pino", "prom-client"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};

export default nextConfig;

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite breaks when bundled (URL instance errors, WASM served as static files): load it from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@node-rs/bcrypt", "nodemailer"],
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};

export default nextConfig;

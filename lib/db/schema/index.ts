export * from "./organizations";
export * from "./departments";
export * from "./users";
export * from "./integrations";
export * from "./sync-runs";
export * from "./mail";
export * from "./login-throttles";
export * from "./webhooks";
